using System.Diagnostics;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>
/// The endpoint's promise, checked with real processes: a connection reaches node X only while X is
/// master and a quorum of sentinels name X; otherwise it is refused, and sessions are cut when X
/// stops being master.
/// </summary>
public class HaproxyRoutingTests
{
    private const string Password = "p'a\"s s$&/\\#%é€";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Node 0 at .1 and node 1 at .12: a sentinel reply naming node 1 starts with node 0's address.
    private static readonly int[] PrefixHosts = [1, 12, 13];

    // Every node here is a master without replicas: the good-replicas gate (min-replicas-to-write)
    // is switched off so that these tests see the sentinel-quorum gate alone.
    private static RedisHaProcesses Start(params int[] namedBySentinel) =>
        new(OptionsValidator.Validate(new RedisHaOptions { FailoverProfile = "fast", MinReplicasToWrite = 0 }), Password, PrefixHosts, namedBySentinel);

    /// <summary>A client session through the proxy once it routes to node 1, checked to be on node 1.</summary>
    private static RespConnection SessionToNode1(RedisHaProcesses set)
    {
        Poll.Until(() => set.NodeReachedThroughProxy() == 1, Timeout, () => set.HaproxyOutput);
        var client = set.ConnectThroughProxy()!;
        Assert.Equal(1, set.NodeOf(client));
        return client;
    }

    [Fact]
    public void A_master_named_by_a_single_sentinel_gets_no_connection()
    {
        // Every node is master and each sentinel names a different one: no node has a quorum.
        using var set = Start(0, 1, 2);

        set.WaitForEveryServerToBeChecked();

        Assert.Null(set.NodeReachedThroughProxy());
        Assert.Empty(set.RoutedNodes());
    }

    [Fact]
    public void A_quorum_of_sentinels_routes_to_their_master_and_never_to_a_master_whose_address_is_a_prefix()
    {
        // Sentinels 0 and 1 (a quorum of 2) name node 1 (.12); sentinel 2 names node 0 (.1), also a master.
        using var set = Start(1, 1, 0);

        Poll.Until(() => set.NodeReachedThroughProxy() == 1, Timeout, () => set.HaproxyOutput);
        set.WaitForEveryServerToBeChecked();

        for (var i = 0; i < 5; i++) Assert.Equal(1, set.NodeReachedThroughProxy());
        Assert.Equal([1], set.RoutedNodes());
    }

    [Fact]
    public void When_the_named_master_becomes_a_replica_its_sessions_are_cut_and_new_ones_refused()
    {
        using var set = Start(1, 1, 1);
        using var client = SessionToNode1(set);

        // The sentinels still name node 1, but it is no longer master.
        using (var node1 = set.Redis(1)) Assert.Equal("OK", node1.Call("REPLICAOF", set.Nodes[0].ToString(), "6379"));

        Poll.Until(client.IsClosedByServer, Timeout, () => "the client's session to the demoted node was not cut\n" + set.HaproxyOutput);
        Poll.Until(() => set.RoutedNodes().Count == 0, Timeout, () => string.Join(", ", set.RoutedNodes()));
        Assert.Null(set.NodeReachedThroughProxy());
    }

    [Fact]
    public void A_client_connecting_while_the_dead_masters_server_is_still_up_is_closed_at_once_instead_of_held_for_retries()
    {
        // Between a master's death and its next check (up to one interval) its server is still UP,
        // and clients whose connections the death closed connect again at once. With HAProxy's
        // default of 3 connection retries, each after a turn-around of a second, every such client
        // was held 3 s before being closed, past the failover (redis-cli, which connects again when
        // its AUTH fails, 6 s). Closed at once, its next attempt is routed afresh.
        using var set = Start(1, 1, 1);
        using (SessionToNode1(set)) { }
        set.StopCheckingNode(1);
        set.KillRedis(1);

        var clock = Stopwatch.StartNew();
        Assert.Null(set.ConnectThroughProxy());
        var closedAfter = clock.Elapsed;

        Assert.True(set.NodeServerIsUp(1), "node 1's server was to stay UP for this test\n" + set.HaproxyOutput);
        Assert.InRange(closedAfter, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void A_stopping_haproxy_cuts_its_sessions_within_a_check_interval_instead_of_keeping_them_unchecked()
    {
        // A soft-stopped HAProxy checks no more: a session it kept would stay on a master that
        // Sentinel has since demoted, until the pod's grace period ends.
        using var set = Start(1, 1, 1);
        using var client = SessionToNode1(set);
        var stopped = System.Diagnostics.Stopwatch.StartNew();

        set.StopProxyWithTheImagesStopSignal();

        // (Not HaproxyOutput: a stopping HAProxy has closed its admin socket.)
        Poll.Until(client.IsClosedByServer, TimeSpan.FromSeconds(10), () => $"the session outlived the stop by 10 s; HAProxy {(set.ProxyHasExited ? "exited" : "still runs")}");
        Poll.Until(() => set.ProxyHasExited, TimeSpan.FromSeconds(10), () => "HAProxy still runs 10 s after its sessions were cut");
        // One check interval (250 ms in the fast profile), with room for a loaded machine.
        Assert.InRange(stopped.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("old")]
    [InlineData("new")]
    public void During_a_password_rotation_the_checks_pass_on_nodes_that_know_either_password(string nodesKnow)
    {
        // HAProxy of the first update (new password, previous kept) meets nodes not restarted yet
        // (old only) or, in the second update, nodes restarted already (new only).
        const string old = "old p'ass", next = "new \"pass\" $";
        var spec = OptionsValidator.Validate(new RedisHaOptions { FailoverProfile = "fast", MinReplicasToWrite = 0, Password = next, PreviousPassword = old });
        using var set = new RedisHaProcesses(spec, nodesKnow == "old" ? old : next, PrefixHosts, [1, 1, 1], (next, old));

        Poll.Until(() => set.RoutedNodes() is [1], Timeout, () => set.HaproxyOutput);
    }

    [Fact]
    public void One_sentinel_that_stops_answering_cuts_no_session_while_a_quorum_still_names_the_master()
    {
        // Issue 9 item 5: before, every session sat on a backend that needed one particular pair of
        // sentinels, so restarting one sentinel (a replica pod's rolling update) cut every client.
        using var set = Start(1, 1, 1);
        using var client = SessionToNode1(set);

        set.StopSentinel(0);
        // Until HAProxy has seen sentinel 0 fail a check, then several check rounds more.
        Poll.Until(() => set.ApprovingSentinels(1) == 2, Timeout, () => set.HaproxyOutput);
        Thread.Sleep(TimeSpan.FromMilliseconds(4 * set.CheckIntervalMilliseconds));

        // The same connection still works: it was not cut although one sentinel no longer answers.
        Assert.Equal("PONG", client.Call("PING"));
        Assert.Equal(1, set.NodeReachedThroughProxy());
    }

    [Fact]
    public void Kept_connections_to_the_sentinels_outlast_quiet_spells_longer_than_the_answer_timeout()
    {
        // A Lua socket's timeout (here the 1 s answer timeout) also ends a connection idle that
        // long. An earlier version asked after an event over a connection closed that way, took
        // every sentinel for silent at once and cut the sessions; and with a check interval of a
        // second its interval questions met closed connections too.
        var spec = OptionsValidator.Validate(new RedisHaOptions { MinReplicasToWrite = 0, HaproxyCheckIntervalMilliseconds = 1000 });
        using var set = new RedisHaProcesses(spec, Password, PrefixHosts, [1, 1, 1]);
        using var client = SessionToNode1(set);
        Poll.Until(() => set.ApprovingSentinels(1) == 3, Timeout, () => set.HaproxyOutput);

        Thread.Sleep(1500);
        for (var sentinel = 0; sentinel < 3; sentinel++) set.MakeSentinelAnnounceAnEvent(sentinel);

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            Assert.True(set.ApprovingSentinels(1) == 3, set.HaproxyOutput);
            Thread.Sleep(5);
        }
        Assert.Equal("PONG", client.Call("PING"));
    }

    [Fact]
    public void A_sentinel_that_freezes_stops_counting_once_a_question_goes_unanswered_and_counts_again_when_it_thaws()
    {
        // A frozen sentinel keeps its connections open and sends no event: only the question asked
        // every check interval, unanswered for the answer timeout (1 s), withdraws its approval.
        using var set = Start(1, 1, 1);
        using var client = SessionToNode1(set);
        Poll.Until(() => set.ApprovingSentinels(1) == 3, Timeout, () => set.HaproxyOutput);

        set.FreezeSentinel(0);
        var clock = Stopwatch.StartNew();
        try
        {
            Poll.Until(() => set.ApprovingSentinels(1) == 2, Timeout, () => set.HaproxyOutput);
            // An interval to the next question, the timeout, and room for a loaded machine.
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(set.CheckIntervalMilliseconds + 1000 + 3000));
            // Two sentinels still name node 1: a quorum, so the session was not cut.
            Assert.Equal("PONG", client.Call("PING"));
        }
        finally
        {
            set.ThawSentinel(0);
        }
        Poll.Until(() => set.ApprovingSentinels(1) == 3, Timeout, () => set.HaproxyOutput);
    }

    [Fact]
    public void A_node_that_a_quorum_starts_to_name_is_routed_to_within_a_tenth_of_the_check_interval()
    {
        // HAProxy hears each sentinel's events and asks it after each one, so a new master is
        // approved as soon as a quorum names it, not at the next check. Measured here (every node
        // is a master, so only the approval changes): 1 to 2 ms; with health checks of the
        // sentinels every fifth of the interval (500 ms in the default profile), 33 to 85 ms; at
        // the full interval, 360 to 415 ms.
        var spec = OptionsValidator.Validate(new RedisHaOptions { MinReplicasToWrite = 0 });
        using var set = new RedisHaProcesses(spec, Password, PrefixHosts, [0, 0, 0]);
        Poll.Until(() => set.RoutedNodes() is [0], Timeout, () => set.HaproxyOutput);

        var waits = new List<double>();
        for (var trial = 0; trial < 8; trial++)
        {
            var (from, to) = (trial % 2, 1 - trial % 2);
            // Sentinel 2 names the new node first (one of a quorum of two: nothing changes yet)...
            set.PointSentinelAt(2, to);
            Poll.Until(() => set.ApprovingSentinels(to) == 1, Timeout, () => set.HaproxyOutput);
            // ...then sentinel 0 makes it a quorum: from here on, HAProxy hears sentinel 0's event and asks it.
            set.PointSentinelAt(0, to);
            waits.Add(MillisecondsUntilRouted(set, to));
            set.PointSentinelAt(1, to);
            Poll.Until(() => set.RoutedNodes() is [var only] && only == to && set.ApprovingSentinels(from) == 0, Timeout, () => set.HaproxyOutput);
        }

        // The mean of 8 waits: an event, a question and the polling here (asking only every
        // interval would wait half an interval on average).
        AssertMeanUnderATenthOfTheCheckInterval(waits, set);
    }

    [Fact]
    public void A_replica_promoted_as_a_quorum_starts_to_name_it_is_routed_to_within_a_tenth_of_the_check_interval()
    {
        // A failover's order: the replica is promoted, then the sentinels name it. Its server was
        // DOWN (it answered role:slave) and is checked every interval; sentinel-approvals.lua asks
        // it as soon as a quorum names it. Measured: 1 to 13 ms; checked every interval alone, 117
        // to 492 ms (mean 424).
        using var set = StartWithNode1AReplicaOfNode0();

        var waits = new List<double>();
        for (var trial = 0; trial < 8; trial++)
        {
            var (from, to) = (trial % 2, 1 - trial % 2);
            set.PointSentinelAt(2, to);
            Poll.Until(() => set.ApprovingSentinels(to) == 1, Timeout, () => set.HaproxyOutput);
            using (var promoted = set.Redis(to)) Assert.Equal("OK", promoted.Call("REPLICAOF", "NO", "ONE"));
            // From here on a quorum names it: HAProxy hears sentinel 0's event, asks it, then asks the node.
            set.PointSentinelAt(0, to);
            waits.Add(MillisecondsUntilRouted(set, to));
            set.PointSentinelAt(1, to);
            MakeReplica(set, from, of: to);
            Poll.Until(() => set.RoutedNodes() is [var only] && only == to && set.ApprovingSentinels(from) == 0 && !set.NodeServerIsUp(from),
                Timeout, () => set.HaproxyOutput);
        }

        AssertMeanUnderATenthOfTheCheckInterval(waits, set);
        Assert.Contains("answers as master: UP before its next check", set.HaproxyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_a_quorum_names_is_not_routed_to_while_it_answers_as_a_replica()
    {
        // Asked at once when the sentinels start to name it, a node that is still a replica stays
        // DOWN: the script forces a server UP only on the answer its check expects.
        using var set = StartWithNode1AReplicaOfNode0();

        for (var sentinel = 0; sentinel < 3; sentinel++) set.PointSentinelAt(sentinel, 1);
        Poll.Until(() => set.ApprovingSentinels(1) == 3, Timeout, () => set.HaproxyOutput);

        // Longer than the script asks (one interval) and than a few of the node's own checks.
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 3 * set.CheckIntervalMilliseconds)
        {
            Assert.False(set.NodeServerIsUp(1), set.HaproxyOutput);
            Thread.Sleep(20);
        }
        Assert.Null(set.NodeReachedThroughProxy());
        Assert.DoesNotContain("answers as master", set.HaproxyOutput, StringComparison.Ordinal);
    }

    /// <summary>Default timings, every sentinel naming node 0, node 1 its replica (its server DOWN), node 2 a master no one names.</summary>
    private static RedisHaProcesses StartWithNode1AReplicaOfNode0()
    {
        var set = new RedisHaProcesses(OptionsValidator.Validate(new RedisHaOptions { MinReplicasToWrite = 0 }), Password, PrefixHosts, [0, 0, 0]);
        try
        {
            MakeReplica(set, 1, of: 0);
            Poll.Until(() => set.RoutedNodes() is [0] && !set.NodeServerIsUp(1), Timeout, () => set.HaproxyOutput);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>How long until HAProxy routes new connections to <paramref name="node"/>, polled every 2 ms.</summary>
    private static double MillisecondsUntilRouted(RedisHaProcesses set, int node)
    {
        var clock = Stopwatch.StartNew();
        while (!set.RoutedNodes().Contains(node))
        {
            Assert.True(clock.Elapsed < Timeout, set.HaproxyOutput);
            Thread.Sleep(2);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void AssertMeanUnderATenthOfTheCheckInterval(List<double> waits, RedisHaProcesses set) =>
        Assert.True(waits.Average() < 0.1 * set.CheckIntervalMilliseconds,
            $"waits {string.Join(", ", waits.Select(w => $"{w:0}"))} ms for a {set.CheckIntervalMilliseconds} ms interval");

    private static void MakeReplica(RedisHaProcesses set, int node, int of)
    {
        using var redis = set.Redis(node);
        Assert.Equal("OK", redis.Call("REPLICAOF", set.Nodes[of].ToString(), $"{RedisHaSpec.RedisPort}"));
    }

    [Fact]
    public void Sessions_are_cut_once_fewer_than_a_quorum_of_sentinels_name_their_master()
    {
        using var set = Start(1, 1, 1);
        using var client = SessionToNode1(set);

        // Node 1 stays a master (its own check passes); only the approval is gone.
        set.StopSentinel(0);
        set.StopSentinel(2);

        Poll.Until(client.IsClosedByServer, Timeout, () => "the session outlived the quorum's approval\n" + set.HaproxyOutput);
        Assert.Null(set.NodeReachedThroughProxy());
    }
}
