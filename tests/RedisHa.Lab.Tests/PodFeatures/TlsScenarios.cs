using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>
/// S1, S11 and S13 on the pod lab with TLS on every connection: the lab's throwaway CA stands in for
/// cert-manager, the workload's clients trust only that CA, and every script, probe and check in
/// the pods speaks TLS.
/// </summary>
public sealed class TlsScenarios(ITestOutputHelper output)
{
    /// <summary>The secret name means nothing in the lab (it issues its own certificates) but is required as in a cluster.</summary>
    public static RedisHaOptions WithTls(RedisHaOptions o) => o with { Tls = new TlsOptions { Enabled = true, SecretName = "lab" } };

    [Fact]
    public async Task S1_over_tls_kill_9_of_the_master_redis_fails_over_and_writes_resume()
    {
        await using var s = await SettledScenario.StartAsync(output, "S1 over TLS: kill -9 master redis", options: WithTls);
        Assert.NotNull(s.Lab.Tls);
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "redis"));
        // As in plain-text S1: the restarted container waits for the failover instead of taking writes back with a short AOF.
        await s.AssertNothingLostAsync(report, $"master {s.Spec.Names.Pod(old)} -> {s.Spec.Names.Pod(next)}");
        Assert.NotEqual(old, next);
        Assert.True(report.Acknowledged > 0);
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero, TimeSpan.FromMilliseconds(s.DownAfterMs + 10000));
        await HaproxyRouting.AssertOnlyToAsync(s, next);
    }

    [Fact]
    public async Task S11_over_tls_a_rolling_restart_with_planned_handover_loses_nothing()
    {
        await using var s = await SettledScenario.StartAsync(output, "S11 over TLS: rollout restart statefulset under load", options: WithTls);
        await s.StartWritingAsync();
        s.Lab.RolloutRestart("statefulset");
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromSeconds(240));
        await s.Lab.WaitForSettledAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();
        await s.AssertSingleMasterAsync();
        // Every pod handed over before it stopped: nothing acknowledged may be missing, and the client that retries once saw no error.
        await s.AssertNothingLostAsync(report);
        Assert.True(report.Acknowledged > 0);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        await HaproxyRouting.AssertOnlyToAsync(s, await s.MasterAsync());
    }

    [Fact]
    public async Task S13_over_tls_a_hostile_password_works_end_to_end()
    {
        const string password = "p'a\"s s$&/\\#%é€ ${HOME} `x`";
        await using var s = await SettledScenario.StartAsync(output, "S13 over TLS: hostile password", options: WithTls, password: password);
        Assert.Equal(password, s.Lab.Password);
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "redis"));
        await s.AssertNothingLostAsync(report, $"master {s.Spec.Names.Pod(old)} -> {s.Spec.Names.Pod(next)}");
        Assert.NotEqual(old, next);
        Assert.True(report.Acknowledged > 0);
        // Over TLS, the right password gets in and a wrong one does not.
        Assert.Equal("PONG", (string?)await RedisProbe.ExecuteAsync(s.EndpointHost, RedisHaSpec.EndpointPort, password, s.Lab.Tls, "PING"));
        Assert.Null(await RedisProbe.ExecuteAsync(s.EndpointHost, RedisHaSpec.EndpointPort, "wrong", s.Lab.Tls, "PING"));
        await HaproxyRouting.AssertOnlyToAsync(s, next);
    }
}
