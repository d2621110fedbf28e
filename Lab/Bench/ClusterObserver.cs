using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Watches a pod lab during a trial: every node's role, every sentinel's named master and every
/// HAProxy pod's routes, each polled by its own loop so that a silent container (a paused master)
/// delays only its own readings, not the others'. Keeps a history of every change, stamped with the
/// trial's clock. Nodes are known by the address they announce (their announce Service's ClusterIP),
/// as replicas and sentinels name them. <see cref="PodLab.SnapshotAsync"/> is the lab's one state
/// model for a single look; this observer samples faster than a snapshot can (one probe waits on
/// another there), so it keeps its own timed views of the same facts.
/// </summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    /// <summary>Long enough for a loaded 2-core machine to answer, short enough to see a paused process as silent.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(400);

    private readonly PodLab _lab;
    private readonly Func<TimeSpan> _clock;
    private readonly TimeSpan _interval;
    private readonly NodeView[] _nodes;
    private readonly ProxyView[] _proxies;
    private readonly List<ClusterView> _history = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private string? _lastSignature;

    private ClusterObserver(PodLab lab, Func<TimeSpan> clock, TimeSpan interval)
    {
        _lab = lab;
        _clock = clock;
        _interval = interval;
        _nodes = Enumerable.Range(0, lab.Spec.Replicas).Select(i => new NodeView(i, lab.NodeAnnounceIp(i), false, null, null, false, null)).ToArray();
        _proxies = lab.HaproxyPods.Select((_, i) => new ProxyView(i, false, [])).ToArray();
    }

    /// <summary>Starts polling every <paramref name="interval"/>; <paramref name="clock"/> stamps each change.</summary>
    public static ClusterObserver Start(PodLab lab, Func<TimeSpan> clock, TimeSpan interval)
    {
        var observer = new ClusterObserver(lab, clock, interval);
        for (var i = 0; i < lab.Spec.Replicas; i++)
        {
            observer._loops.Add(observer.PollRedis(i));
            observer._loops.Add(observer.PollSentinel(i));
        }
        for (var i = 0; i < observer._proxies.Length; i++) observer._loops.Add(observer.PollProxy(i));
        return observer;
    }

    /// <summary>Every distinct view seen so far, oldest first.</summary>
    public IReadOnlyList<ClusterView> History
    {
        get { lock (_lock) return _history.ToList(); }
    }

    public ClusterView Current
    {
        get { lock (_lock) return Snapshot(); }
    }

    /// <summary>Whether a container of server pod <paramref name="ordinal"/> runs now (a killed one is not, until the kubelet restarts it).</summary>
    private bool Running(int ordinal, string container) =>
        _lab.ServerPod(ordinal) is { IsTerminating: false } pod && pod.Containers.FirstOrDefault(c => c.Name == container)?.Current is { Exited.IsCompleted: false };

    private Task PollRedis(int ordinal) => Loop(async connection =>
    {
        var alive = Running(ordinal, "redis");
        var reply = alive ? await connection.AskAsync(AnswerTimeout, "ROLE") : null;
        Update(ordinal, n => !alive
            ? n with { RedisAlive = false, Role = null, ReplicaOf = null }
            : reply?.Item(0) is { } role
                ? n with { RedisAlive = true, Role = role, ReplicaOf = role == "slave" ? reply.Item(1) : null }
                : n with { RedisAlive = true });
    }, new RawRespConnection(_lab.NodeHost(ordinal), RedisHaSpec.RedisPort, _lab.Password, _lab.Tls));

    private Task PollSentinel(int ordinal) => Loop(async connection =>
    {
        var alive = Running(ordinal, "sentinel");
        var reply = alive ? await connection.AskAsync(AnswerTimeout, "SENTINEL", "get-master-addr-by-name", _lab.Spec.MasterName) : null;
        Update(ordinal, n => !alive
            ? n with { SentinelAlive = false, SentinelNames = null }
            : reply?.Item(0) is { } named
                ? n with { SentinelAlive = true, SentinelNames = named }
                : n with { SentinelAlive = true });
    }, new RawRespConnection(_lab.NodeHost(ordinal), RedisHaSpec.SentinelPort, _lab.Password, _lab.Tls));

    /// <summary>The <paramref name="index"/>th HAProxy pod (by name), looked up on each poll: the Deployment may replace it.</summary>
    private Task PollProxy(int index) => Loop(async _ =>
    {
        var routes = _lab.HaproxyPods.ElementAtOrDefault(index) is { } pod ? await _lab.RoutesAsync(pod) : null;
        var view = new ProxyView(index, routes is not null, routes ?? []);
        lock (_lock)
        {
            _proxies[index] = view;
            Record();
        }
    }, null);

    private Task Loop(Func<RawRespConnection, Task> poll, RawRespConnection? connection) => Task.Run(async () =>
    {
        using var owned = connection;
        while (!_stop.IsCancellationRequested)
        {
            await poll(connection!);
            try { await Task.Delay(_interval, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    private void Update(int ordinal, Func<NodeView, NodeView> change)
    {
        lock (_lock)
        {
            _nodes[ordinal] = change(_nodes[ordinal]);
            Record();
        }
    }

    // Called under the lock.
    private void Record()
    {
        var view = Snapshot();
        if (view.Signature == _lastSignature) return;
        _lastSignature = view.Signature;
        _history.Add(view);
    }

    private ClusterView Snapshot() => new(_clock(), _nodes.ToList(), _proxies.ToList());

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
