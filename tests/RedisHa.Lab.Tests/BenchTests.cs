using RedisHa.Blueprint.Options;
using RedisHa.Lab.Bench;
using RedisHa.Lab.Bench.Clients;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Tests.PodFeatures;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>
/// The benchmarks' own logic on the pod lab, briefly, through the library: one planned failover on
/// the fast profile and a couple of seconds of endpoint load. Figures are measured by `redis-ha bench`; here only
/// their structure and sanity are checked.
/// </summary>
public sealed class BenchTests(ITestOutputHelper output)
{
    private static string LabHome => PodScenario.LabHome;

    [Fact]
    public async Task Failover_bench_measures_one_planned_trial_on_the_fast_profile()
    {
        var result = await FailoverBench.RunAsync(new FailoverBenchSettings
        {
            Profiles = ["fast"],
            Modes = [FailoverMode.Planned],
            Trials = 1,
            LabHome = LabHome,
        }, new TestProgress(output));
        output.WriteLine(FailoverTable.Render(result));

        Assert.Empty(result.Problems);
        var trial = Assert.Single(result.Trials);
        Assert.True(trial.Recovered, trial.Error);
        Assert.Equal(("fast", FailoverMode.Planned, 1), (trial.Profile, trial.Mode, trial.Trial));
        Assert.NotNull(trial.NewMaster);
        Assert.NotEqual(trial.OldMaster, trial.NewMaster);
        Assert.Equal([EndpointWorkload.SeRedis, EndpointWorkload.SeRedisRetry, EndpointWorkload.Raw], trial.Clients.Select(c => c.Client));
        Assert.All(trial.Clients, c => Assert.True(c.Acknowledged > 0, $"{c.Client} acknowledged no write"));
        // A handover pauses writes for a moment: never nothing, never a failover's worth of timeouts.
        Assert.InRange(trial.UnavailabilityMs(EndpointWorkload.SeRedisRetry), 0.001, 30000);
        Assert.Equal(0, trial.Lost);
        Assert.NotNull(trial.AgreementMs);
        Assert.InRange(trial.AgreementMs!.Value, 0, 30000);
        Assert.Contains(trial.Events, e => e.Kind == "fault" && e.AtMs == 0);
        Assert.Contains(trial.Events, e => e.Kind == "proxy-routes");
        Assert.True(trial.Events.Count(e => e.Kind == "sentinel") >= trial.Quorum, "fewer than a quorum of sentinels named the new master");
        Assert.Contains(trial.SentinelEvents, e => e.Event == "+switch-master");
        Assert.NotEmpty(trial.Writes);

        var summary = Assert.Single(result.Summaries);
        Assert.Equal((1, 1), (summary.Trials, summary.Recovered));
        Assert.Equal(trial.UnavailabilityMs(EndpointWorkload.SeRedisRetry), summary.Headline!.P50);
    }

    [Fact]
    public async Task Clients_bench_runs_every_client_program_through_a_kill_of_the_master()
    {
        var result = await ClientBench.RunAsync(new ClientBenchSettings
        {
            Profiles = ["fast"],
            Modes = [FailoverMode.Kill],
            Trials = 1,
            LabHome = LabHome,
        }, new TestProgress(output));
        output.WriteLine(ClientTable.Render(result));
        foreach (var t in result.Trials.Where(t => t.ErrorSamples.Count > 0)) output.WriteLine($"{t.Client}, {t.Settings}: {string.Join(" | ", t.ErrorSamples)}");

        Assert.Empty(result.Problems);
        // Every library ran as its own process and said which version it is (redis-cli is named
        // alone, as the matrix's rows name it); both settings, but one for redis-cli.
        Assert.Equal(ClientPrograms.Libraries, result.Trials.Select(t => t.Library).Distinct());
        Assert.Equal(2 * ClientPrograms.Libraries.Count - 1, result.Rows.Count);
        Assert.All(result.Trials, t => Assert.Matches(t.Library == "redis-cli" ? "^redis-cli$" : @"^\S.* \d+\.\d+", t.Client));
        Assert.All(result.Rows, r => Assert.Equal((1, "kill", "fast"), (r.Trials, r.Fault, r.Profile)));
        // Not one acknowledged write lost, whatever the client.
        Assert.All(result.Rows, r => Assert.Equal(0, r.Lost));
        // With the recommended settings (redis-cli has none) every client writes again by itself, within a failover's time.
        foreach (var row in result.Rows.Where(r => r.Settings == ClientProgram.Recommended || r.Client.StartsWith("redis-cli", StringComparison.Ordinal)))
        {
            Assert.True(row.Recovered, $"{row.Client}, {row.Settings} did not recover by itself");
            Assert.InRange(row.UnavailableP50Seconds!.Value, 0.01, 30);
            Assert.Equal(row.UnavailableP50Seconds, row.UnavailableP90Seconds);
        }

        // The JSON rows carry exactly the documented fields.
        var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(result.Rows));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(["client", "settings", "profile", "fault", "trials", "unavailable_p50_s", "unavailable_p90_s", "errors", "recovered", "lost", "error_samples"],
            json.RootElement[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Failover_bench_measures_a_planned_trial_on_a_tls_lab()
    {
        await using var lab = await PodScenario.StartLabAsync("fast", TlsScenarios.WithTls);
        // The observer, settler and workload all have to speak TLS: over plain TCP nothing would answer.
        var result = await FailoverBench.RunAsync(lab, new FailoverBenchSettings
        {
            Modes = [FailoverMode.Planned],
            Trials = 1,
        }, new TestProgress(output));
        output.WriteLine(FailoverTable.Render(result));

        Assert.Empty(result.Problems);
        var trial = Assert.Single(result.Trials);
        Assert.True(trial.Recovered, trial.Error);
        Assert.NotNull(trial.NewMaster);
        Assert.All(trial.Clients, c => Assert.True(c.Acknowledged > 0, $"{c.Client} acknowledged no write"));
        Assert.Equal(0, trial.Lost);
        Assert.Contains(trial.Events, e => e.Kind == "sentinel");
    }

    [Fact]
    public async Task Endpoint_bench_measures_every_target_the_cpu_per_request_of_each_process_on_its_path_and_what_each_proxys_checks_cost()
    {
        var result = await EndpointBench.RunAsync(new EndpointBenchSettings
        {
            Clients = 4,
            Seconds = 0.5,
            Rounds = 2,
            IdleSeconds = 2,
            Profile = "fast",
            LabHome = LabHome,
        }, new TestProgress(output));
        output.WriteLine(result.Render());

        Assert.StartsWith("redis-benchmark ", result.Generator);
        foreach (var test in new[] { "SET", "GET" })
        {
            foreach (var target in new[] { EndpointBench.Endpoint, EndpointBench.Direct, EndpointBench.OneProxy, EndpointBench.ChartLike })
            {
                var figures = result.Find(target, test);
                Assert.NotNull(figures);
                Assert.True(figures.Rps > 0, $"{test} {target}: no throughput");
                Assert.InRange(figures.P50Ms, 0, figures.P99Ms);
                Assert.NotNull(figures.RedisCpuMs);
                Assert.InRange(figures.ClientCpuUsPerRequest ?? -1, 0.001, 1000);
                // No path carries more than its processes' CPU allows (10 ms CPU ticks over a short run leave some noise).
                Assert.InRange(figures.Rps, 1, 1.5 * (figures.CpuCeilingRps ?? 0));
                if (target == EndpointBench.Direct)
                    Assert.Null(figures.ProxyCpuUsPerRequest);
                else // forwarding thousands of requests takes some CPU, and far less than a millisecond each
                    Assert.InRange(figures.ProxyCpuUsPerRequest ?? -1, 0.001, 1000);
            }
            foreach (var (target, baseline) in EndpointBenchResult.Comparisons)
                Assert.Equal(2, result.RoundRatios(test, target, baseline).Count);
            Assert.Equal(2, result.ProxyCpuRatio(test).Rounds.Count);
            Assert.NotNull(result.CeilingRatio(test));
        }
        // Three HAProxy pods and the two comparison proxies. The fast profile checks each of the 3
        // nodes every 250 ms and asks each of the 3 sentinels every 250 ms over a kept connection;
        // the chart-like setup checks 12 servers every second.
        Assert.Equal(5, result.CheckCosts.Count);
        var ours = result.CheckCosts.Single(c => c.Proxy == EndpointBench.OneProxy);
        Assert.Equal(12, ours.CheckConnectionsPerSecond, 6);
        Assert.Equal(12, ours.KeptConnectionQuestionsPerSecond, 6);
        var chart = result.CheckCosts.Single(c => c.Proxy == EndpointBench.ChartLike);
        Assert.Equal(12, chart.CheckConnectionsPerSecond);
        Assert.Equal(0, chart.KeptConnectionQuestionsPerSecond);
        // Something ran: a proxy checking dozens of servers a second uses some CPU, and far below one core.
        Assert.All(result.CheckCosts, c => Assert.InRange(c.CpuMsPerSecond, 0, 500));
        Assert.Contains(result.CheckCosts, c => c.CpuMsPerSecond > 0);
    }

    private sealed class TestProgress(ITestOutputHelper output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
