using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>S6, S7, S14, S15, S16: stalls, partitions, rogue masters, look-alike addresses, a lost majority.</summary>
public sealed class NetworkScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S6_a_paused_master_comes_back_as_a_replica_and_gets_no_writes()
    {
        await using var s = await Scenario.StartAsync(output, "S6 pause master beyond down-after");
        var old = await s.MasterAsync();
        await s.StartWritingAsync();
        s.Lab.Pause(old);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Task.Delay(1000);
        s.Lab.Resume(old);
        await Scenario.Eventually(TimeSpan.FromSeconds(30), $"node-{old} to rejoin as a replica", async () => await s.Lab.RoleAsync(old) == "slave");
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost, $"master node-{old} -> node-{next}");
        // A write the stale master had acknowledged after the failover would be gone now.
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S7_a_partitioned_master_is_replaced_and_rejoins_without_split_brain()
    {
        await using var s = await Scenario.StartAsync(output, "S7 partition master, heal");
        var old = await s.MasterAsync();
        await s.StartWritingAsync();
        s.Lab.Cut(old);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs));
        s.Lab.Heal(old);
        await Scenario.Eventually(TimeSpan.FromSeconds(30), $"node-{old} to rejoin as a replica", async () => await s.Lab.RoleAsync(old) == "slave");
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        Assert.Equal(next, await s.MasterAsync());
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost, $"master node-{old} -> node-{next}");
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S14_a_node_claiming_master_that_the_sentinels_do_not_name_gets_no_traffic()
    {
        await using var s = await Scenario.StartAsync(output, "S14 rogue master gets no traffic");
        var master = await s.MasterAsync();
        var rogue = (master + 1) % s.Spec.Replicas;
        var rogueAddress = s.Lab.Nodes[rogue].Address;
        await s.Lab.KillAsync(rogue, "watcher"); // nothing repairs the rogue while we look
        await RedisProbe.ExecuteAsync(rogueAddress, RedisHaSpec.RedisPort, s.Lab.Password, "REPLICAOF", "NO", "ONE");
        Assert.Equal("master", await s.Lab.RoleAsync(rogue));
        await s.StartWritingAsync();
        for (var i = 0; i < 10; i++)
        {
            var status = await s.Lab.StatusAsync();
            Assert.All(status.Proxies, p => Assert.DoesNotContain(rogue, p.RoutesTo));
            await Task.Delay(200);
        }
        var report = await s.StopWritingAsync();
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        Assert.Equal(0, lost);
        // The rogue, cut off from replication, received none of the writes.
        var lastKey = report.Writes.Last(w => w.Acknowledged).Key;
        Assert.Equal(0L, (long)(await RedisProbe.ExecuteAsync(rogueAddress, RedisHaSpec.RedisPort, s.Lab.Password, "EXISTS", lastKey))!);
    }

    [Fact]
    public async Task S15_addresses_that_prefix_each_other_never_confuse_routing()
    {
        // Node 0 is x.x.x.1, the others x.x.x.12 and x.x.x.13: "x.x.x.1" is a prefix of both.
        await using var s = await Scenario.StartAsync(output, "S15 prefix addresses", settings: new LabSettings { NodeHostNumbers = [1, 12, 13] });
        var old = await s.MasterAsync();
        Assert.Equal(0, old);
        await AssertRoutesOnlyTo(s, old);
        await s.StartWritingAsync();
        await s.Lab.KillAsync(old);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Scenario.Eventually(TimeSpan.FromSeconds(10), "both proxies to route to the new master", async () =>
            (await s.Lab.StatusAsync()).Proxies.All(p => p.RoutesTo.SequenceEqual([next])));
        await AssertRoutesOnlyTo(s, next);
        var report = await s.StopWritingAsync();
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
    }

    private static async Task AssertRoutesOnlyTo(Scenario s, int node)
    {
        for (var i = 0; i < 5; i++)
        {
            var status = await s.Lab.StatusAsync();
            Assert.All(status.Proxies, p => Assert.Equal([node], p.RoutesTo));
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task S16_losing_master_and_a_replica_refuses_writes_until_they_return()
    {
        await using var s = await Scenario.StartAsync(output, "S16 master and a replica lost together");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        var survivor = (master + 2) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await Task.Delay(500);
        var lostAt = s.WorkloadClock;
        await s.Lab.KillAsync(master);
        await s.Lab.KillAsync(replica);
        // One sentinel of three is no quorum: no failover, and the endpoint must not route to the replica.
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 3 + 2000));
        Assert.Null(await s.Lab.FindMasterAsync());
        Assert.Equal("slave", await s.Lab.RoleAsync(survivor));
        // Reads from the surviving replica still work directly (replica-serve-stale-data).
        var read = await RedisProbe.ExecuteAsync(s.Lab.Nodes[survivor].Address, RedisHaSpec.RedisPort, s.Lab.Password, "GET", "redis-ha:lab:probe");
        Assert.NotNull(read);
        var outageEnd = s.WorkloadClock;
        await s.Lab.StartNodeAsync(master);
        await s.Lab.StartNodeAsync(replica);
        await s.WaitForMasterAsync(TimeSpan.FromSeconds(60));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost, $"outage {(outageEnd - lostAt).TotalSeconds:0} s, then node-{master} and node-{replica} restarted");
        // Nothing was acknowledged while no master was approved (writes sent in the first second may
        // still have reached the master before it died).
        var acknowledgedDuringOutage = report.Writes.Where(w => w.Acknowledged && w.SentAt > lostAt + TimeSpan.FromSeconds(1) && w.SentAt < outageEnd).ToList();
        Assert.True(acknowledgedDuringOutage.Count == 0, $"{acknowledgedDuringOutage.Count} writes acknowledged with no approved master, e.g. {acknowledgedDuringOutage.FirstOrDefault()}");
    }
}
