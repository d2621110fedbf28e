using RedisHa.Lab.Clients;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>Planned handovers on the pod lab: deleting the master's pod, rolling restarts of the StatefulSet and the HAProxy Deployment.</summary>
public sealed class HandoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deleting_the_master_pod_hands_over_first_and_the_pod_comes_back_as_a_replica_with_its_data()
    {
        await using var s = await PodScenario.StartAsync(output, "delete pod master", profile: "default");
        var old = await s.MasterAsync();
        var oldPod = s.Lab.ServerPod(old)!;
        await s.StartWritingAsync();
        await s.Lab.DeletePodAsync("master");
        var next = await s.WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await Eventually.Holds(TimeSpan.FromSeconds(90), $"{s.Spec.Names.Pod(old)} to be back and ready", () =>
            Task.FromResult(s.Lab.ServerPod(old) is { Ready: true }));
        Assert.Equal("slave", await s.Lab.RoleAsync(old));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report, $"master {s.Spec.Names.Pod(old)} -> {s.Spec.Names.Pod(next)}");
        // The handover paused writes before the switch, so a client that retries once saw no error.
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        // The deleted pod's redis container ran its pre-stop hook to the end.
        var preStop = await File.ReadAllTextAsync(oldPod.Container("redis").LogFile);
        Assert.Contains("pre-stop hook exit 0", preStop);
        Assert.Contains("handed over to", preStop);
        // Its sentinel waited for the handover in its own pre-stop hook (sentinel-prestop.sh) and ended cleanly.
        Assert.Contains("pre-stop hook exit 0", await File.ReadAllTextAsync(oldPod.Container("sentinel").LogFile));
    }

    [Fact]
    public async Task A_rolling_restart_of_the_statefulset_and_of_the_haproxy_deployment_under_load_loses_nothing()
    {
        await using var s = await PodScenario.StartAsync(output, "rollout restart statefulset + deployment");
        await s.StartWritingAsync();
        s.Lab.RolloutRestart("statefulset");
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromMinutes(5));
        s.Lab.RolloutRestart("deployment");
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
    }

    [Fact]
    public async Task Applying_changed_options_to_a_running_lab_rolls_the_pods_and_loses_nothing()
    {
        await using var s = await PodScenario.StartAsync(output, "apply: default profile -> fast", profile: "default");
        var oldUids = s.Lab.Pods.Select(p => p.Uid).ToHashSet();
        await s.StartWritingAsync();
        // As a second `pulumi up` or `lab up` with another profile: the pod templates change.
        await s.Lab.ApplyAsync(s.Lab.Record.Options with { FailoverProfile = "fast" });
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        Assert.Equal("fast", s.Lab.Spec.Timings.ProfileName);
        Assert.All(s.Lab.Pods, p => Assert.True(p.Ready, $"{p.Name} is not ready"));
        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        // Every pod is of the new template: none of the ones from before is left.
        Assert.DoesNotContain(s.Lab.Pods, p => oldUids.Contains(p.Uid));
    }
}
