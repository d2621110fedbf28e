using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Watches a lab during a trial: every node's role, every sentinel's named master and every HAProxy's
/// routes, each polled by its own loop so that a silent process (a paused master) delays only its own
/// readings, not the others'. Keeps a history of every change, stamped with the trial's clock.
/// </summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    /// <summary>Long enough for a loaded 2-core machine to answer, short enough to see a paused process as silent.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(400);

    private readonly LabCluster _lab;
    private readonly Func<TimeSpan> _clock;
    private readonly TimeSpan _interval;
    private readonly NodeView[] _nodes;
    private readonly ProxyView[] _proxies;
    private readonly List<ClusterView> _history = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private string? _lastSignature;

    private ClusterObserver(LabCluster lab, Func<TimeSpan> clock, TimeSpan interval)
    {
        _lab = lab;
        _clock = clock;
        _interval = interval;
        _nodes = lab.Nodes.Select(n => new NodeView(n.Ordinal, n.Address, false, null, null, false, null)).ToArray();
        _proxies = lab.Proxies.Select(p => new ProxyView(p.Index, false, [])).ToArray();
    }

    /// <summary>Starts polling every <paramref name="interval"/>; <paramref name="clock"/> stamps each change.</summary>
    public static ClusterObserver Start(LabCluster lab, Func<TimeSpan> clock, TimeSpan interval)
    {
        var observer = new ClusterObserver(lab, clock, interval);
        foreach (var node in lab.Nodes)
        {
            observer._loops.Add(observer.PollRedis(node));
            observer._loops.Add(observer.PollSentinel(node));
        }
        foreach (var proxy in lab.Proxies) observer._loops.Add(observer.PollProxy(proxy));
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

    private Task PollRedis(LabNode node) => Loop(async connection =>
    {
        var alive = _lab.Process($"{node.Key}/redis")?.IsAlive == true;
        var reply = alive ? await connection.AskAsync(AnswerTimeout, "ROLE") : null;
        Update(node.Ordinal, n => !alive
            ? n with { RedisAlive = false, Role = null, ReplicaOf = null }
            : reply?.Item(0) is { } role
                ? n with { RedisAlive = true, Role = role, ReplicaOf = role == "slave" ? reply.Item(1) : null }
                : n with { RedisAlive = true });
    }, new RawRespConnection(node.Address, RedisHaSpec.RedisPort, _lab.Password, _lab.Tls));

    private Task PollSentinel(LabNode node) => Loop(async connection =>
    {
        var alive = _lab.Process($"{node.Key}/sentinel")?.IsAlive == true;
        var reply = alive ? await connection.AskAsync(AnswerTimeout, "SENTINEL", "get-master-addr-by-name", _lab.Spec.MasterName) : null;
        Update(node.Ordinal, n => !alive
            ? n with { SentinelAlive = false, SentinelNames = null }
            : reply?.Item(0) is { } named
                ? n with { SentinelAlive = true, SentinelNames = named }
                : n with { SentinelAlive = true });
    }, new RawRespConnection(node.Address, RedisHaSpec.SentinelPort, _lab.Password, _lab.Tls));

    private Task PollProxy(LabProxy proxy)
    {
        var routes = HaproxyRoute.All(_lab.Spec.Replicas, _lab.Spec.Quorum);
        return Loop(async _ =>
        {
            var up = await HaproxyAdmin.RouteStatusAsync(proxy.AdminSocket);
            var view = up is null
                ? new ProxyView(proxy.Index, false, [])
                : new ProxyView(proxy.Index, true, routes.Where(r => up.GetValueOrDefault(r.Backend) == "UP").Select(r => r.Node).Distinct().Order().ToList());
            lock (_lock)
            {
                _proxies[proxy.Index] = view;
                Record();
            }
        }, null);
    }

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
