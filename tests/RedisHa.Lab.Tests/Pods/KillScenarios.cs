using RedisHa.Lab.Clients;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>S1–S5 on the pod lab: containers and pods die. Timing is the benchmark's; bounds here only catch a failover that never ends.</summary>
public sealed class KillScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S1_kill_9_of_the_master_redis_fails_over_and_the_restarted_container_rejoins_as_a_replica()
    {
        await using var s = await PodScenario.StartAsync(output, "S1 kill -9 master redis");
        // The kubelet restarts the container at once; it must not take the master role back with an
        // AOF that may miss the last second, so it waits for Sentinel to fail over and follows.
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "redis"));
        await s.AssertNothingLostAsync(report, $"master {old} -> {next}");
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero, TimeSpan.FromMilliseconds(s.DownAfterMs + 10000));
        await Eventually.Holds(TimeSpan.FromSeconds(60), "the old master to be a ready replica", async () =>
            s.Lab.ServerPod(old) is { Ready: true } && await s.Lab.RoleAsync(old) == "slave");
        Assert.Equal(1, s.Lab.ServerPod(old)!.Restarts["redis"]);
    }

    [Fact]
    public async Task S2_losing_the_master_pods_node_fails_over_and_the_pod_rejoins_when_the_node_returns()
    {
        await using var s = await PodScenario.StartAsync(output, "S2 master's node down");
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.HoldAsync(s.Spec.Names.Pod(master)));
        await s.AssertNothingLostAsync(report, $"master {old} -> {next}");
        // Generous: down-after, one failover-timeout lost to a split vote (the two remaining sentinels
        // can start their elections together and each vote for itself, as in a CI run of 2026-12-01),
        // and ten seconds for the rest on two shared cores.
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero,
            TimeSpan.FromMilliseconds(s.DownAfterMs + s.Spec.Timings.FailoverTimeoutMilliseconds + 10000));
        s.Lab.Release(s.Spec.Names.Pod(old));
        await Eventually.Holds(TimeSpan.FromSeconds(90), "the old master's pod to return as a replica", async () =>
            s.Lab.ServerPod(old) is { Ready: true } && await s.Lab.RoleAsync(old) == "slave");
        Assert.Equal(next, await s.MasterAsync());
    }

    [Fact]
    public async Task S3_losing_a_replica_pod_leaves_the_master_and_the_endpoint_alone()
    {
        await using var s = await PodScenario.StartAsync(output, "S3 replica's node down, then a replica restarted");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await s.Lab.HoldAsync(s.Spec.Names.Pod(replica));
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 2 + 2000));
        s.Lab.Release(s.Spec.Names.Pod(replica));
        await Eventually.Holds(TimeSpan.FromSeconds(60), "the held replica to be back and Ready", () =>
            Task.FromResult(s.Lab.ServerPod(replica) is { Ready: true }));
        // Then the other replica restarts, as in a rolling update: its sentinel is away for a while too.
        // (Not both at once: with no replica left the master refuses writes, min-replicas-to-write 1.)
        var other = (master + 2) % s.Spec.Replicas;
        await s.Lab.DeletePodAsync(s.Spec.Names.Pod(other));
        await Eventually.Holds(TimeSpan.FromSeconds(60), "both replicas to be Ready again", () =>
            Task.FromResult(s.Lab.ServerPod(replica) is { Ready: true } && s.Lab.ServerPod(other) is { Ready: true }));
        var report = await s.StopWritingAsync();
        Assert.Equal(master, await s.MasterAsync());
        await s.AssertNothingLostAsync(report);
        // Each time one replica's sentinel is gone the other two still name the master: no session
        // is cut (issue 9 item 5). A write may still time out on a stalled machine (1 s timeouts).
        AssertNoConnectionCut(report);
    }

    [Fact]
    public async Task S4_losing_the_masters_sentinel_keeps_the_master_and_the_endpoint()
    {
        await using var s = await PodScenario.StartAsync(output, "S4 kill the master's sentinel");
        var master = await s.MasterAsync();
        await s.StartWritingAsync();
        await s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "sentinel");
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 2 + 2000));
        var report = await s.StopWritingAsync();
        Assert.Equal(master, await s.MasterAsync());
        await s.AssertNothingLostAsync(report);
        // One sentinel restarting leaves a quorum naming the master: no session is cut.
        AssertNoConnectionCut(report);
    }

    [Fact]
    public async Task S5_losing_one_haproxy_pod_the_others_keep_serving()
    {
        await using var s = await PodScenario.StartAsync(output, "S5 HAProxy pod's node down");
        await s.StartWritingAsync();
        var victim = s.Lab.HaproxyPods[0].Name;
        await s.Lab.HoldAsync(victim);
        await Task.Delay(3000);
        // New connections go to the Ready HAProxy pods only: the Service dropped the dead one.
        for (var i = 0; i < 10; i++) await s.WaitForEndpointAsync(TimeSpan.FromSeconds(2));
        var report = await s.StopWritingAsync();
        await s.AssertNothingLostAsync(report);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        // The Deployment replaced the pod on another "node".
        await Eventually.Holds(TimeSpan.FromSeconds(60), "the Deployment to have every HAProxy pod ready again", () =>
            Task.FromResult(s.Lab.HaproxyPods.Count(p => p.Ready) == s.Spec.Options.HaproxyReplicas));
    }

    /// <summary>No write failed but by timing out: the endpoint cut no client's connection and refused none.</summary>
    private static void AssertNoConnectionCut(WorkloadReport report)
    {
        var failures = report.Writes.Where(w => !w.Acknowledged && !IsTimeout(w.Error)).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} writes failed other than by a timeout: {report.Summary()}");
    }

    // The raw connection's own 1 s timeout, and StackExchange.Redis waiting for a reply on a live
    // connection; not its "timed out in the backlog", which means no connection was there.
    private static bool IsTimeout(string? error) =>
        error is "IOException: timed out" || error?.StartsWith("RedisTimeoutException: Timeout awaiting response", StringComparison.Ordinal) == true;
}
