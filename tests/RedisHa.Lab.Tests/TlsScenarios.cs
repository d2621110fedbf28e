using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>
/// S1, S11 and S13 with TLS on every connection: the lab's throwaway CA stands in for cert-manager,
/// the workload's clients trust only that CA, and every script, check and probe speaks TLS.
/// </summary>
public sealed class TlsScenarios(ITestOutputHelper output)
{
    /// <summary>The secret name means nothing in the lab (it issues its own certificates) but is required as in a cluster.</summary>
    public static RedisHaOptions WithTls(RedisHaOptions o) => o with { Tls = new TlsOptions { Enabled = true, SecretName = "lab" } };

    [Fact]
    public async Task S1_over_tls_kill_9_of_the_master_redis_fails_over_and_writes_resume()
    {
        await using var s = await Scenario.StartAsync(output, "S1 over TLS: kill -9 master redis", options: WithTls);
        Assert.NotNull(s.Lab.Tls);
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master, "redis"));
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
        Assert.True(report.Acknowledged > 0);
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero, TimeSpan.FromMilliseconds(s.DownAfterMs + 10000));
    }

    [Fact]
    public async Task S11_over_tls_a_rolling_restart_with_planned_handover_loses_nothing()
    {
        await using var s = await Scenario.StartAsync(output, "S11 over TLS: rolling restart with handover", options: WithTls);
        await s.AssertRollingRestartLosesNothingAsync();
    }

    [Fact]
    public async Task S13_over_tls_a_hostile_password_works_end_to_end()
    {
        const string password = "p'a\"s s$&/\\#%é€ ${HOME} `x`";
        await using var s = await Scenario.StartAsync(output, "S13 over TLS: hostile password", options: WithTls, settings: new LabSettings { Password = password });
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master, "redis"));
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
        Assert.True(report.Acknowledged > 0);
        var endpoint = s.Lab.Addresses.Endpoint;
        // Over TLS, the right password gets in and a wrong one does not.
        Assert.Equal("PONG", (string?)await RedisProbe.ExecuteAsync(endpoint, RedisHaSpec.EndpointPort, password, s.Lab.Tls, "PING"));
        Assert.Null(await RedisProbe.ExecuteAsync(endpoint, RedisHaSpec.EndpointPort, "wrong", s.Lab.Tls, "PING"));
    }
}
