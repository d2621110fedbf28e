using System.Diagnostics;
using System.Globalization;
using System.Net;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// watcher.sh against three real redis-servers and three real redis-sentinels, with Sentinel held
/// in the middle of a failover: the replicas refuse to be promoted (REPLICAOF and SLAVEOF renamed
/// away), so the sentinel that leads it waits in wait-promotion until its failover-timeout, as it
/// would for a slow promotion. A named master that turns replica during a failover is what made two
/// masters in a CI run of lab scenario S10: the watcher promoted it while Sentinel promoted another.
/// </summary>
public sealed class WatcherTests : IDisposable
{
    private const int GraceMs = 1500;
    private const int IntervalMs = 200;
    // Long enough that the watcher's grace ends well inside the failover, short enough for a test.
    private const int FailoverTimeoutMs = 6000;
    private readonly TempDirectory _dir = new();
    private readonly List<BackgroundProcess> _processes = [];
    private IReadOnlyList<IPAddress> _nodes = [];
    private int _redisPort;
    private int _sentinelPort;

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_named_master_that_turned_replica_is_promoted_only_after_the_sentinels_failover_has_ended(string shell)
    {
        StartNodes();
        var watcher = StartWatcher(shell, ordinal: 0);
        using var master = RespConnection.Open(_nodes[0], _redisPort);
        using var leader = RespConnection.Open(_nodes[0], _sentinelPort);

        Assert.Equal("OK", leader.Call("SENTINEL", "FAILOVER", "mymaster"));
        Assert.True(FailoverInProgress(), "the forced failover did not start");
        // Node 0 now reports itself a replica while the sentinels still name it: the watcher wants to
        // promote it, and would, were a failover not running. (A random loopback address where no
        // Redis listens: the link stays down.)
        Assert.Equal("OK", master.Call("REPLICAOF", LoopbackAddress.RandomAddress().ToString(), _redisPort.ToString(CultureInfo.InvariantCulture)));

        var clock = Stopwatch.StartNew();
        var sawWait = false;
        while (FailoverInProgress())
        {
            // The role first: a promotion seen before a failover still reported running happened during it.
            var role = Role(master);
            Assert.True(role == "slave" || !FailoverInProgress(),
                $"node 0 was promoted {clock.ElapsedMilliseconds} ms into Sentinel's failover\n{watcher.Output}");
            sawWait |= watcher.Output.Contains("a failover is in progress: waiting for its end before acting", StringComparison.Ordinal);
            Assert.True(clock.ElapsedMilliseconds < FailoverTimeoutMs * 3, $"the failover never ended\n{watcher.Output}");
            Thread.Sleep(50);
        }
        Assert.True(clock.ElapsedMilliseconds > GraceMs + 2 * IntervalMs,
            $"the failover ended after {clock.ElapsedMilliseconds} ms, before the watcher's grace: nothing was tested\n{watcher.Output}");
        Assert.True(sawWait, $"the watcher never said it waited for the failover\n{watcher.Output}");

        // Sentinel aborted (no replica could be promoted) and still names node 0: now the watcher acts.
        Poll.Until(() => Role(master) == "master", TimeSpan.FromMilliseconds(GraceMs + 5000), () => watcher.Output);
        // The watcher logs before it promotes, but its output reaches the test through a pipe read in
        // the background: on a loaded machine the role can change first (seen once in CI).
        Poll.Until(() => watcher.Output.Contains("promoting this node, as the sentinels name it master", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5), () => $"node 0 is master, but the watcher never said it promoted it\n{watcher.Output}");
        Assert.False(watcher.HasExited, watcher.Output);
    }

    private static string Role(RespConnection node) => node.Call("ROLE").Split('\n')[0];

    private bool FailoverInProgress() => _nodes.Any(node =>
    {
        using var sentinel = RespConnection.Open(node, _sentinelPort);
        return sentinel.Call("SENTINEL", "MASTER", "mymaster").Contains("failover_in_progress", StringComparison.Ordinal);
    });

    private void StartNodes()
    {
        _nodes = LoopbackAddress.RandomBlock(1, 2, 3);
        _redisPort = LoopbackAddress.FreePort(_nodes[0]);
        _sentinelPort = LoopbackAddress.FreePort(_nodes[0]);
        StartRedis(_nodes[0], "");
        foreach (var replica in _nodes.Skip(1))
        {
            StartRedis(replica, $"replicaof {_nodes[0]} {_redisPort}\nreplica-announce-ip {replica}\n" +
                "rename-command REPLICAOF \"\"\nrename-command SLAVEOF \"\"\n");
        }
        using (var master = RespConnection.Open(_nodes[0], _redisPort))
        {
            Poll.Until(() => master.Call("INFO", "replication").Contains("connected_slaves:2", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), () => master.Call("INFO", "replication"));
        }
        foreach (var node in _nodes) StartSentinel(node);
        using var leader = RespConnection.Open(_nodes[0], _sentinelPort);
        // A forced failover needs a replica the sentinel has seen through INFO.
        Poll.Until(() => leader.Call("SENTINEL", "REPLICAS", "mymaster").Split('\n').Count(f => f == "ip") == 2,
            TimeSpan.FromSeconds(15), () => leader.Call("SENTINEL", "REPLICAS", "mymaster"));
    }

    private void StartRedis(IPAddress address, string extra) =>
        _processes.Add(LoopbackRedis.Start(_dir, $"redis-{_processes.Count}", address, _redisPort, extra));

    private void StartSentinel(IPAddress address)
    {
        var conf = _dir.Write($"sentinel-{_processes.Count}.conf",
            $"port {_sentinelPort}\nbind {address}\nsentinel announce-ip {address}\ndir {_dir.Path}\n" +
            $"sentinel monitor mymaster {_nodes[0]} {_redisPort} 2\n" +
            $"sentinel failover-timeout mymaster {FailoverTimeoutMs}\n");
        var process = BackgroundProcess.Start("redis-sentinel", [conf], _dir.Path);
        _processes.Add(process);
        RespConnection.OpenWhenListening(address, _sentinelPort, process).Dispose();
    }

    private BackgroundProcess StartWatcher(string shell, int ordinal)
    {
        var environment = ScriptShell.Environment(new Dictionary<string, string?>
        {
            [Env.Nodes] = string.Join(' ', _nodes),
            [Env.PodName] = $"redis-ha-server-{ordinal}",
            [Env.Quorum] = "2",
            [Env.RedisPort] = _redisPort.ToString(CultureInfo.InvariantCulture),
            [Env.SentinelPort] = _sentinelPort.ToString(CultureInfo.InvariantCulture),
            [Env.DataDir] = _dir.Path,
            [Env.WatcherIntervalMs] = IntervalMs.ToString(CultureInfo.InvariantCulture),
            [Env.WatcherGraceMs] = GraceMs.ToString(CultureInfo.InvariantCulture),
        });
        var line = ScriptShell.CommandLine(shell, ScriptFiles.PathOf("watcher.sh"));
        var watcher = BackgroundProcess.Start(line[0], line.Skip(1), _dir.Path, environment);
        _processes.Add(watcher);
        Poll.Until(() => watcher.Output.Contains("watching", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => watcher.Output);
        return watcher;
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        _dir.Dispose();
    }
}
