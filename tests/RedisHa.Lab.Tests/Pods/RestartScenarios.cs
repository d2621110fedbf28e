using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>S8, S10, S12, S13 on the pod lab: a power loss, a masterless set, wiped volumes (a replica's, then the master's), a hostile password.</summary>
public sealed class RestartScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S8_a_power_loss_of_every_pod_ends_with_one_master_and_every_pod_ready()
    {
        await using var s = await PodScenario.StartAsync(output, "S8 power loss: every pod killed at once");
        await s.StartWritingAsync();
        await Task.Delay(1500); // more than one appendfsync interval of writes before the loss
        var lossAt = s.WorkloadClock;
        await s.Lab.RestartAllAsync();
        await s.WaitForMasterAsync(TimeSpan.FromSeconds(120));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(60));
        await Eventually.Holds(TimeSpan.FromSeconds(120), "every pod to be ready", () => Task.FromResult(s.Lab.NotReady() is null));
        // A node that came back as master of its own may need the watcher's grace to be demoted.
        await Eventually.Holds(TimeSpan.FromMilliseconds(s.Spec.Timings.WatcherGraceMilliseconds + 10000), "one master",
            async () => (await s.Lab.SnapshotAsync()).Masters.Count == 1);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        // Writes acknowledged more than one appendfsync interval (1 s) before the loss are on disk.
        var lost = await EndpointWorkload.FindLostAsync(report, s.EndpointHost, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls);
        var lostEarly = lost.Count(w => w.SentAt < lossAt - TimeSpan.FromSeconds(1.5));
        s.Report(report, lost.Count, $"{lostEarly} of them acknowledged more than 1.5 s before the loss");
        Assert.Equal(0, lostEarly);
    }

    [Fact]
    public async Task S17_a_power_loss_with_node_0_absent_comes_back_from_the_other_two_with_their_data()
    {
        await using var s = await PodScenario.StartAsync(output, "S17 power loss, node 0 stays down");
        await s.StartWritingAsync();
        await Task.Delay(1500);
        var lossAt = s.WorkloadClock;
        // Node 0's node never comes back (local-path volumes pin its pod there); the others reboot.
        await s.Lab.HoldAsync(s.Spec.Names.Pod(0));
        await s.Lab.RestartAllAsync();
        var master = await s.WaitForMasterAsync(TimeSpan.FromSeconds(120));
        Assert.NotEqual(0, master);
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        var lost = await EndpointWorkload.FindLostAsync(report, s.EndpointHost, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls);
        var lostEarly = lost.Count(w => w.SentAt < lossAt - TimeSpan.FromSeconds(1.5));
        s.Report(report, lost.Count, $"master {master}; {lostEarly} lost of those acknowledged more than 1.5 s before the loss");
        Assert.Equal(0, lostEarly);
        s.Lab.Release(s.Spec.Names.Pod(0));
        await Eventually.Holds(TimeSpan.FromSeconds(120), "node 0 to rejoin as a ready replica", async () =>
            s.Lab.ServerPod(0) is { Ready: true } && await s.Lab.RoleAsync(0) == "slave");
    }

    [Fact]
    public async Task S10_a_masterless_set_is_healed_in_bounded_time()
    {
        await using var s = await PodScenario.StartAsync(output, "S10 masterless set");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        // The named master makes itself a replica: every node is a replica, and Sentinel, which only
        // fails over a master that stops answering, sees nothing to do.
        await RedisProbe.ExecuteAsync(s.Lab.NodeHost(master), RedisHaSpec.RedisPort, s.Lab.Password,
            "REPLICAOF", s.Lab.NodeAnnounceIp(replica), RedisHaSpec.RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.Holds(TimeSpan.FromSeconds(5), "the set to be masterless", async () => await s.Lab.RoleAsync(master) == "slave");
        var started = DateTime.UtcNow;
        await s.WaitForMasterAsync(TimeSpan.FromMilliseconds(s.Spec.Timings.WatcherGraceMilliseconds + 20000));
        await s.WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        var healed = DateTime.UtcNow - started;
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report, $"healed after {healed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task S12_a_replica_and_then_the_master_deleted_with_their_volumes_wiped_resync_everything()
    {
        await using var s = await PodScenario.StartAsync(output, "S12 replica, then master, back on an empty volume");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await Task.Delay(1000);
        await s.Lab.DeletePodAsync(s.Spec.Names.Pod(replica), wipeVolume: true);
        await Eventually.Holds(TimeSpan.FromSeconds(90), "the wiped replica to be ready", () => Task.FromResult(s.Lab.ServerPod(replica) is { Ready: true }));
        Assert.Equal(master, await s.MasterAsync());
        await AssertSameKeyCountAsync(s, master, replica, minimum: 1);

        // The master's volume wiped too (a lost disk): its pre-stop hook hands over first, and the
        // pod comes back empty. It must join as a replica and copy everything, never offer its
        // empty data set as the master's.
        await s.Lab.DeletePodAsync(s.Spec.Names.Pod(master), wipeVolume: true);
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: master);
        await Eventually.Holds(TimeSpan.FromSeconds(90), "the wiped master's pod to be ready", () => Task.FromResult(s.Lab.ServerPod(master) is { Ready: true }));
        Assert.Equal("slave", await s.Lab.RoleAsync(master));
        await Task.Delay(500);
        var report = await s.StopWritingAsync();
        Assert.Equal(next, await s.MasterAsync());
        await s.AssertNothingLostAsync(report, $"master {master} -> {next}");
        await AssertSameKeyCountAsync(s, next, master, minimum: report.Acknowledged / 2);
    }

    private static Task AssertSameKeyCountAsync(PodScenario s, int master, int replica, long minimum) =>
        Eventually.Holds(TimeSpan.FromSeconds(20), $"node {replica} to hold as many keys as the master {master} (at least {minimum})", async () =>
        {
            var m = await RedisProbe.ExecuteAsync(s.Lab.NodeHost(master), RedisHaSpec.RedisPort, s.Lab.Password, "DBSIZE");
            var r = await RedisProbe.ExecuteAsync(s.Lab.NodeHost(replica), RedisHaSpec.RedisPort, s.Lab.Password, "DBSIZE");
            return m is not null && r is not null && (long)m == (long)r && (long)r >= minimum;
        });

    [Fact]
    public async Task S13_a_password_with_quotes_spaces_and_symbols_works_end_to_end()
    {
        const string password = "p'a\"s s$&/\\#%é€ ${HOME} `x`";
        await using var s = await PodScenario.StartAsync(output, "S13 hostile password", password: password);
        Assert.Equal(password, s.Lab.Password);
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "redis"));
        await s.AssertNothingLostAsync(report, $"master {old} -> {next}");
        Assert.True(report.Acknowledged > 0);
        // The right password gets in and a wrong one does not: the refusal is not just an endpoint that is down.
        Assert.Equal("PONG", (string?)await RedisProbe.ExecuteAsync(s.EndpointHost, RedisHaSpec.EndpointPort, password, "PING"));
        Assert.Null(await RedisProbe.ExecuteAsync(s.EndpointHost, RedisHaSpec.EndpointPort, "wrong", "PING"));
    }
}
