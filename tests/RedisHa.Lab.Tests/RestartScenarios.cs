using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>S8–S13: restarts, stale and wiped nodes, planned handover, a hostile password.</summary>
public sealed class RestartScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S8_a_cold_restart_of_every_node_in_random_order_ends_with_one_master()
    {
        await using var s = await Scenario.StartAsync(output, "S8 cold restart of all nodes");
        await s.StartWritingAsync();
        await Task.WhenAll(Enumerable.Range(0, s.Spec.Replicas).Select(s.Lab.StopNodeAsync));
        var order = Enumerable.Range(0, s.Spec.Replicas).OrderBy(_ => Random.Shared.Next()).ToList();
        output.WriteLine($"start order: {string.Join(", ", order.Select(o => $"node-{o}"))}");
        await Task.WhenAll(order.Select(async (node, i) =>
        {
            await Task.Delay(i * 150);
            await s.Lab.StartNodeAsync(node);
        }));
        await s.WaitForMasterAsync(TimeSpan.FromSeconds(60));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 2 + 2000)); // long enough to see a crash loop
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        var status = await s.Lab.StatusAsync();
        Assert.All(status.Nodes, n => Assert.Equal(["redis", "sentinel", "watcher"], n.RunningProcesses));
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        // Every node shut down cleanly (SIGTERM): a master waits for its replicas and writes its AOF.
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S9_an_old_master_restarting_with_its_stale_config_is_demoted_and_gets_no_traffic()
    {
        await using var s = await Scenario.StartAsync(output, "S9 old master restarts with stale config");
        var old = await s.MasterAsync();
        await s.StartWritingAsync();
        await s.Lab.KillAsync(old);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        var resumedAt = s.WorkloadClock;
        s.Lab.StartStaleRedis(old); // no init script: it still believes it is master
        s.Lab.StartNodeProcess(old, "sentinel");
        s.Lab.StartNodeProcess(old, "watcher");
        var sawStaleMaster = false;
        await Scenario.Eventually(TimeSpan.FromSeconds(60), $"node-{old} to be demoted", async () =>
        {
            var status = await s.Lab.StatusAsync();
            Assert.All(status.Proxies, p => Assert.DoesNotContain(old, p.RoutesTo));
            sawStaleMaster |= status.Nodes[old].Role == "master";
            return status.Nodes[old].Role == "slave";
        });
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        Assert.Equal(next, await s.MasterAsync());
        var lost = (await EndpointWorkload.FindLostAsync(report, s.Lab.Addresses.Endpoint, RedisHaSpec.EndpointPort, s.Lab.Password))
            .Count(w => w.SentAt > resumedAt);
        s.Report(report, lost, $"stale master seen: {sawStaleMaster}; lost counts writes after the failover");
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S10_a_masterless_set_is_healed_in_bounded_time()
    {
        await using var s = await Scenario.StartAsync(output, "S10 masterless set");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        // The named master turns itself into a replica: every node is now a replica and Sentinel,
        // which only fails over a master that stops answering, sees nothing to do.
        await RedisProbe.ExecuteAsync(s.Lab.Nodes[master].Address, RedisHaSpec.RedisPort, s.Lab.Password,
            "REPLICAOF", s.Lab.Nodes[replica].Address, RedisHaSpec.RedisPort.ToString());
        await Scenario.Eventually(TimeSpan.FromSeconds(5), "the set to be masterless", async () => await s.Lab.RoleAsync(master) == "slave");
        var started = DateTime.UtcNow;
        await s.WaitForMasterAsync(TimeSpan.FromMilliseconds(s.Spec.Timings.WatcherGraceMilliseconds + 20000));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        var healed = DateTime.UtcNow - started;
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost, $"healed after {healed.TotalMilliseconds:0} ms");
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task S11_a_rolling_restart_with_planned_handover_loses_nothing()
    {
        await using var s = await Scenario.StartAsync(output, "S11 rolling restart with handover");
        await s.AssertRollingRestartLosesNothingAsync();
    }

    [Fact]
    public async Task S12_a_replica_restarting_with_its_data_wiped_resyncs_everything()
    {
        await using var s = await Scenario.StartAsync(output, "S12 replica restarts wiped");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await Task.Delay(1000);
        await s.Lab.RestartNodeAsync(replica, wipe: true);
        await Scenario.Eventually(TimeSpan.FromSeconds(60), "the wiped replica to be ready", () => s.Lab.IsReadyAsync(replica));
        await Task.Delay(500);
        var report = await s.StopWritingAsync();
        Assert.Equal(master, await s.MasterAsync());
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        Assert.Equal(0, lost);
        // Once caught up, the wiped replica holds every key the master holds.
        await Scenario.Eventually(TimeSpan.FromSeconds(20), "the replica to hold as many keys as the master", async () =>
        {
            var m = await RedisProbe.ExecuteAsync(s.Lab.Nodes[master].Address, RedisHaSpec.RedisPort, s.Lab.Password, "DBSIZE");
            var r = await RedisProbe.ExecuteAsync(s.Lab.Nodes[replica].Address, RedisHaSpec.RedisPort, s.Lab.Password, "DBSIZE");
            return m is not null && r is not null && (long)m == (long)r && (long)r > report.Acknowledged / 2;
        });
    }

    [Fact]
    public async Task S13_a_password_with_quotes_spaces_and_symbols_works_end_to_end()
    {
        const string password = "p'a\"s s$&/\\#%é€ ${HOME} `x`";
        await using var s = await Scenario.StartAsync(output, "S13 hostile password", settings: new LabSettings { Password = password });
        Assert.Equal(password, s.Lab.Password);
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master, "redis"));
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
        Assert.True(report.Acknowledged > 0);
        // The wrong password is refused: the password is really enforced, not silently dropped.
        var wrong = await RedisProbe.ExecuteAsync(s.Lab.Addresses.Endpoint, RedisHaSpec.EndpointPort, "wrong", "PING");
        Assert.Null(wrong);
    }
}
