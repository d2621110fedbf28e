using RedisHa.Blueprint.Options;
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

    [Fact]
    public void A_master_named_by_a_single_sentinel_gets_no_connection()
    {
        // Every node is master and each sentinel names a different one: no node has a quorum.
        using var set = Start(0, 1, 2);

        set.WaitForEveryServerToBeChecked();

        Assert.Null(set.NodeReachedThroughProxy());
        Assert.Empty(set.BackendsUp());
    }

    [Fact]
    public void A_quorum_of_sentinels_routes_to_their_master_and_never_to_a_master_whose_address_is_a_prefix()
    {
        // Sentinels 0 and 1 (a quorum of 2) name node 1 (.12); sentinel 2 names node 0 (.1), also a master.
        using var set = Start(1, 1, 0);

        Poll.Until(() => set.NodeReachedThroughProxy() == 1, Timeout, () => set.HaproxyOutput);
        set.WaitForEveryServerToBeChecked();

        for (var i = 0; i < 5; i++) Assert.Equal(1, set.NodeReachedThroughProxy());
        Assert.NotEmpty(set.BackendsUp());
        Assert.All(set.BackendsUp(), backend => Assert.Equal(1, set.NodeOfBackend(backend)));
    }

    [Fact]
    public void When_the_named_master_becomes_a_replica_its_sessions_are_cut_and_new_ones_refused()
    {
        using var set = Start(1, 1, 1);
        Poll.Until(() => set.NodeReachedThroughProxy() == 1, Timeout, () => set.HaproxyOutput);
        using var client = set.ConnectThroughProxy()!;
        Assert.Equal(1, set.NodeOf(client));

        // The sentinels still name node 1, but it is no longer master.
        using (var node1 = set.Redis(1)) Assert.Equal("OK", node1.Call("REPLICAOF", set.Nodes[0].ToString(), "6379"));

        Poll.Until(client.IsClosedByServer, Timeout, () => "the client's session to the demoted node was not cut\n" + set.HaproxyOutput);
        // Each backend notices at its own next check, within one check interval.
        Poll.Until(() => set.BackendsUp().Count == 0, Timeout, () => string.Join(", ", set.BackendsUp()));
        Assert.Null(set.NodeReachedThroughProxy());
    }
}
