using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>S6, S7, S9, S14, S16 on the pod lab: stalls, partitions, stale and rogue masters, a lost majority.</summary>
public sealed class NetworkScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S6_a_paused_master_comes_back_as_a_replica_and_gets_no_writes()
    {
        await using var s = await PodScenario.StartAsync(output, "S6 pause master beyond down-after");
        var old = await s.MasterAsync();
        var pod = s.Spec.Names.Pod(old);
        await s.StartWritingAsync();
        // On the workload's clock, to set against the writes a failure names (CI once lost one here).
        var pausedAt = s.WorkloadClock;
        await s.Lab.PauseAsync(pod, "redis", paused: true);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Task.Delay(1000);
        await s.Lab.PauseAsync(pod, "redis", paused: false);
        await Eventually.Holds(TimeSpan.FromSeconds(30), $"{pod} to rejoin as a replica", async () => await s.Lab.RoleAsync(old) == "slave");
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report, $"master {old} -> {next}; paused at {pausedAt.TotalSeconds:0.000} s");
    }

    [Fact]
    public async Task S7_a_partitioned_master_is_replaced_and_rejoins_without_split_brain()
    {
        await using var s = await PodScenario.StartAsync(output, "S7 partition master, heal");
        var old = await s.MasterAsync();
        await s.StartWritingAsync();
        await s.Lab.PartitionAsync(s.Spec.Names.Pod(old));
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs));
        s.Lab.Heal();
        await Eventually.Holds(TimeSpan.FromSeconds(30), $"{s.Spec.Names.Pod(old)} to rejoin as a replica", async () => await s.Lab.RoleAsync(old) == "slave");
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        Assert.Equal(next, await s.MasterAsync());
        await s.AssertNothingLostAsync(report, $"master {old} -> {next}");
    }

    [Fact]
    public async Task S9_a_frozen_master_pod_that_wakes_up_believing_it_is_master_is_demoted_and_gets_no_traffic()
    {
        await using var s = await PodScenario.StartAsync(output, "S9 stale master wakes up");
        var old = await s.MasterAsync();
        var pod = s.Spec.Names.Pod(old);
        await s.StartWritingAsync();
        // Every container of the pod frozen: a VM that stalls and later resumes where it was.
        foreach (var container in new[] { "redis", "sentinel", "watcher" }) await s.Lab.PauseAsync(pod, container, paused: true);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        var resumedAt = s.WorkloadClock;
        foreach (var container in new[] { "redis", "sentinel", "watcher" }) await s.Lab.PauseAsync(pod, container, paused: false);
        var sawStaleMaster = false;
        await Eventually.Holds(TimeSpan.FromSeconds(60), $"{pod} to be demoted", async () =>
        {
            var snapshot = await s.Lab.SnapshotAsync();
            Assert.All(snapshot.Routes, r => Assert.DoesNotContain(old, r.RoutesTo ?? []));
            sawStaleMaster |= snapshot.Nodes[old].Role == "master";
            return snapshot.Nodes[old].Role == "replica";
        });
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        Assert.Equal(next, await s.MasterAsync());
        var lost = (await EndpointWorkload.FindLostAsync(report, s.EndpointHost, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls)).Count(w => w.SentAt > resumedAt);
        s.Report(report, lost, $"stale master seen: {sawStaleMaster}; lost counts writes after the failover");
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S18_a_master_cut_off_from_its_replicas_but_not_from_haproxy_loses_at_most_seconds_of_writes()
    {
        await using var s = await PodScenario.StartAsync(output, "S18 asymmetric partition: master alone with HAProxy");
        var old = await s.MasterAsync();
        var replicas = Enumerable.Range(0, s.Spec.Replicas).Where(i => i != old).Select(s.Spec.Names.Pod).ToList();
        await s.StartWritingAsync();
        var cutAt = s.WorkloadClock;
        // A broken path between the nodes only: HAProxy still reaches the old master and its sentinel.
        await s.Lab.PartitionAsync(s.Spec.Names.Pod(old), replicas);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(1000);
        s.Lab.Heal();
        await Eventually.Holds(TimeSpan.FromSeconds(30), $"{s.Spec.Names.Pod(old)} to rejoin as a replica", async () => await s.Lab.RoleAsync(old) == "slave");
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        var lost = await EndpointWorkload.FindLostAsync(report, s.EndpointHost, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls);
        // Asynchronous replication cannot make this zero; minReplicasMaxLag bounds it: the old master
        // refuses writes, and HAProxy stops routing to it, once its replicas are silent that long.
        var window = lost.Count == 0 ? TimeSpan.Zero : lost.Max(w => w.SentAt) - cutAt;
        s.Report(report, lost.Count, $"master {old} -> {next}; lost writes were sent up to {window.TotalMilliseconds:0} ms after the cut");
        Assert.InRange(window, TimeSpan.Zero, TimeSpan.FromSeconds(s.Spec.Options.MinReplicasMaxLag + 2));
    }

    [Fact]
    public async Task S14_a_node_claiming_master_that_the_sentinels_do_not_name_gets_no_traffic()
    {
        await using var s = await PodScenario.StartAsync(output, "S14 rogue master gets no traffic");
        var master = await s.MasterAsync();
        var rogue = (master + 1) % s.Spec.Replicas;
        // The rogue's own watcher, which would repair it, is frozen; Sentinel still does, about a
        // second after its next INFO of the rogue (every 600 ms). Until then it must get no write:
        // the workload writes new keys only, so a rogue that took one would count more keys than it
        // had when it left replication.
        await s.Lab.PauseAsync(s.Spec.Names.Pod(rogue), "watcher", paused: true);
        await s.StartWritingAsync();
        await RedisProbe.ExecuteAsync(s.Lab.NodeHost(rogue), RedisHaSpec.RedisPort, s.Lab.Password, "REPLICAOF", "NO", "ONE");
        var (role, keysWhenItLeft) = await RoleAndKeysAsync(s, rogue);
        Assert.Equal("master", role);
        var checksWhileRogue = 0;
        for (var i = 0; i < 10; i++)
        {
            // The key count first: on a busy machine a snapshot of the whole lab can take longer than the rogue lasts.
            var (roleNow, keys) = await RoleAndKeysAsync(s, rogue);
            if (roleNow == "master")
            {
                checksWhileRogue++;
                Assert.Equal(keysWhenItLeft, keys);
            }
            var snapshot = await s.Lab.SnapshotAsync();
            Assert.All(snapshot.Routes, r => Assert.DoesNotContain(rogue, r.RoutesTo ?? []));
            await Task.Delay(200);
        }
        var report = await s.StopWritingAsync();
        await s.AssertNothingLostAsync(report);
        output.WriteLine($"the rogue's key count was checked {checksWhileRogue} times while it claimed master");
        Assert.True(checksWhileRogue > 0, "Sentinel repaired the rogue before it could be looked at");
        await Eventually.Holds(TimeSpan.FromSeconds(20), "Sentinel to turn the rogue back into a replica", async () => await s.Lab.RoleAsync(rogue) == "slave");
        await s.Lab.PauseAsync(s.Spec.Names.Pod(rogue), "watcher", paused: false);
    }

    /// <summary>A node's role and key count, from one INFO reply.</summary>
    private static async Task<(string? Role, long Keys)> RoleAndKeysAsync(PodScenario s, int ordinal)
    {
        var info = await RedisProbe.InfoAsync(s.Lab.NodeHost(ordinal), RedisHaSpec.RedisPort, s.Lab.Password, "default", s.Lab.Tls)
            ?? throw new InvalidOperationException($"node {ordinal} does not answer INFO");
        // "db0:keys=12,expires=0,avg_ttl=0"; no db0 line while the node holds no key.
        var keys = info.TryGetValue("db0", out var db0) ? long.Parse(db0.Split(',')[0]["keys=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (info.GetValueOrDefault("role"), keys);
    }

    [Fact]
    public async Task S16_losing_the_master_and_a_replica_refuses_writes_until_they_return()
    {
        await using var s = await PodScenario.StartAsync(output, "S16 master and a replica lost together");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        var survivor = (master + 2) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await Task.Delay(500);
        var lostAt = s.WorkloadClock;
        await Task.WhenAll(s.Lab.HoldAsync(s.Spec.Names.Pod(master)), s.Lab.HoldAsync(s.Spec.Names.Pod(replica)));
        // One sentinel of three is no quorum: no failover, and the endpoint must not route to the replica.
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 3 + 2000));
        Assert.Null(await s.Lab.FindMasterAsync());
        Assert.Equal("slave", await s.Lab.RoleAsync(survivor));
        Assert.NotNull(await RedisProbe.ExecuteAsync(s.Lab.NodeHost(survivor), RedisHaSpec.RedisPort, s.Lab.Password, "GET", "redis-ha:lab:probe"));
        var outageEnd = s.WorkloadClock;
        s.Lab.Release(s.Spec.Names.Pod(master));
        s.Lab.Release(s.Spec.Names.Pod(replica));
        await s.WaitForMasterAsync(TimeSpan.FromSeconds(90));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        // Writes acknowledged just before the master's node went down may not have reached the
        // survivor or the disk (appendfsync everysec): reported, not asserted.
        s.Report(report, await s.CountLostAsync(report), $"outage {(outageEnd - lostAt).TotalSeconds:0} s, then both pods returned");
        var acknowledgedDuringOutage = report.Writes.Where(w => w.Acknowledged && w.SentAt > lostAt + TimeSpan.FromSeconds(1) && w.SentAt < outageEnd).ToList();
        Assert.True(acknowledgedDuringOutage.Count == 0, $"{acknowledgedDuringOutage.Count} writes acknowledged with no approved master");
    }
}
