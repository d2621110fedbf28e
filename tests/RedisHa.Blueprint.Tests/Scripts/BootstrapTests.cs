using System.Diagnostics;
using System.Net;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// init.sh on node 0 when no sentinel knows a master (a first boot, or every node restarting at
/// once): it becomes the master by the bootstrap rule, unless a peer holds data, in which case it
/// waits for Sentinel to fail over to that peer. The peers are real redis-servers; no sentinel runs.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    private static readonly RedisHaSpec Spec = OptionsValidator.Validate(new RedisHaOptions { Replicas = 5, Auth = false });

    private readonly IReadOnlyList<IPAddress> _nodes = LoopbackAddress.RandomBlock(1, 2, 3, 4, 5);
    private readonly TempDirectory _node = new();
    private readonly List<BackgroundProcess> _peers = [];

    private BackgroundProcess StartPeer(int ordinal, string? replicaOf = null)
    {
        var dir = Directory.CreateDirectory(_node.File($"peer-{ordinal}")).FullName;
        var args = new List<string> { "--bind", _nodes[ordinal].ToString(), "--port", $"{RedisHaSpec.RedisPort}", "--save", "", "--dir", dir };
        if (replicaOf is not null) args.AddRange(["--replicaof", replicaOf, $"{RedisHaSpec.RedisPort}"]);
        var peer = BackgroundProcess.Start("redis-server", args);
        _peers.Add(peer);
        RespConnection.OpenWhenListening(_nodes[ordinal], RedisHaSpec.RedisPort, peer).Dispose();
        return peer;
    }

    /// <summary>init.sh as node 0's redis container runs it, waiting at most <paramref name="emptyMasterWaitMs"/> for a failover.</summary>
    private (ToolResult Result, TimeSpan Took) InitNode0(string shell, int emptyMasterWaitMs = 60_000)
    {
        var environment = ScriptShell.NodeEnvironment(Spec, _nodes, _node.Path);
        environment[Env.EmptyMasterWaitMs] = $"{emptyMasterWaitMs}";
        var clock = Stopwatch.StartNew();
        var result = ScriptShell.Script(shell, "init.sh", environment, TimeSpan.FromSeconds(60), "redis");
        return (result, clock.Elapsed);
    }

    private string RedisConf() => File.ReadAllText(_node.File("run/redis.conf"));

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void On_a_first_boot_node_0_becomes_master_at_once(string shell)
    {
        // Fresh peers: empty replicas of a master that never ran would answer offset 0, as these do.
        foreach (var peer in Enumerable.Range(1, 4)) StartPeer(peer);

        var (result, took) = InitNode0(shell);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bootstrap rule, node 0", result.Stderr);
        Assert.DoesNotContain("a peer holds data", result.Stderr);
        Assert.DoesNotContain("replicaof", RedisConf());
        Assert.True(took < TimeSpan.FromSeconds(5), $"{took.TotalSeconds:0.0} s\n{result}");
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Peers_that_do_not_answer_yet_are_asked_at_once_not_in_turn(string shell)
    {
        // Frozen peers accept the connection and answer nothing: each question takes the whole 3 s
        // call bound. Asked in turn, the four would hold node 0 for 12 s; at once, for 3 s.
        foreach (var peer in Enumerable.Range(1, 4)) StartPeer(peer).Freeze();

        var (result, took) = InitNode0(shell);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bootstrap rule, node 0", result.Stderr);
        Assert.DoesNotContain("replicaof", RedisConf());
        Assert.True(took > TimeSpan.FromSeconds(2.5) && took < TimeSpan.FromSeconds(9), $"{took.TotalSeconds:0.0} s: the peers were not asked at once\n{result}");
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Node_0_waits_for_a_failover_while_a_peer_holds_data(string shell)
    {
        // Node 1 was a master with a replica (node 2) and took a write: its replication offset moved.
        // Nodes 3 and 4 are not running.
        StartPeer(1);
        StartPeer(2, replicaOf: _nodes[1].ToString());
        using (var master = RespConnection.Open(_nodes[1], RedisHaSpec.RedisPort))
        {
            // A master keeps a replication offset only once a replica has attached.
            Poll.Until(() => master.Call("INFO", "replication").Contains("connected_slaves:1", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), () => master.Call("INFO", "replication"));
            master.Call("SET", "k", "v");
            Poll.Until(() => OffsetOf(master) > 0, TimeSpan.FromSeconds(15), () => master.Call("INFO", "replication"));
        }

        var (result, took) = InitNode0(shell, emptyMasterWaitMs: 2000);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("named master while a peer holds data: waiting for Sentinel to fail over", result.Stderr);
        Assert.Contains("warning: no failover happened; starting as master without data", result.Stderr);
        Assert.True(took >= TimeSpan.FromSeconds(2), $"{took.TotalSeconds:0.0} s: node 0 did not wait\n{result}");
    }

    private static long OffsetOf(RespConnection redis) =>
        redis.Call("INFO", "replication").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("master_repl_offset:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["master_repl_offset:".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _node.Dispose();
    }
}
