using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Support;

/// <summary>
/// One scenario: a fresh lab of its own, a workload writing through the endpoint, and the checks
/// every scenario shares (one master, no write lost, figures reported in the test output).
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _title;
    private EndpointWorkload? _workload;

    private Scenario(ITestOutputHelper output, string title, LabCluster lab)
    {
        _output = output;
        _title = title;
        Lab = lab;
    }

    public LabCluster Lab { get; }
    public RedisHaSpec Spec => Lab.Spec;
    public int DownAfterMs => Spec.Timings.DownAfterMilliseconds;

    public static async Task<Scenario> StartAsync(ITestOutputHelper output, string title, string profile = "fast",
        Func<RedisHaOptions, RedisHaOptions>? options = null, LabSettings? settings = null)
    {
        var o = new RedisHaOptions { FailoverProfile = profile };
        if (options is not null) o = options(o);
        var s = (settings ?? new LabSettings()) with
        {
            Name = $"t-{Guid.NewGuid():N}"[..14],
            Home = Path.Combine(Path.GetTempPath(), "redis-ha-lab-tests"),
        };
        var lab = await LabCluster.StartAsync(o, s);
        output.WriteLine($"{title}: lab up at {lab.Endpoint} (profile {profile}), master node-{await lab.FindMasterAsync()}");
        return new Scenario(output, title, lab);
    }

    public async Task<int> MasterAsync() =>
        await Lab.FindMasterAsync() ?? throw new InvalidOperationException("no master");

    public async Task StartWritingAsync(TimeSpan? interval = null)
    {
        var host = Lab.Addresses.Endpoint;
        _workload = await EndpointWorkload.StartAsync(host, RedisHaSpec.EndpointPort, Lab.Password, interval ?? TimeSpan.FromMilliseconds(20), tls: Lab.Tls);
        await Task.Delay(300); // a few writes before the fault, so "before" is measured too
    }

    /// <summary>The workload's clock, which the write records' SentAt use.</summary>
    public TimeSpan WorkloadClock => _workload?.Elapsed ?? throw new InvalidOperationException("not writing");

    public async Task<WorkloadReport> StopWritingAsync()
    {
        var report = await _workload!.StopAsync();
        await _workload.DisposeAsync();
        _workload = null;
        return report;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(TimeSpan timeout, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until a quorum names a master, it answers master, and it is not <paramref name="notThis"/>.</summary>
    public async Task<int> WaitForMasterAsync(TimeSpan timeout, int? notThis = null)
    {
        int? master = null;
        await Eventually(timeout, notThis is null ? "a master" : $"a master other than node-{notThis}", async () =>
        {
            master = await Lab.FindMasterAsync();
            return master is not null && master != notThis;
        });
        return master!.Value;
    }

    /// <summary>
    /// The common shape of an unplanned failover: write, hurt the master with <paramref name="fault"/>,
    /// wait for another master and a writable endpoint, write a little longer, stop and check that
    /// exactly one master is left.
    /// </summary>
    public async Task<(int Old, int Next, WorkloadReport Report)> FailOverAsync(Func<int, Task> fault)
    {
        var old = await MasterAsync();
        await StartWritingAsync();
        await fault(old);
        var next = await WaitForMasterAsync(TimeSpan.FromSeconds(30), notThis: old);
        await WaitForEndpointAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(1000);
        var report = await StopWritingAsync();
        await AssertSingleMasterAsync();
        return (old, next, report);
    }

    /// <summary>
    /// S11's shape: restart every node with the pods' planned handover, as a StatefulSet rolls
    /// (highest ordinal first, each pod ready before the next), while writing; then no acknowledged
    /// write may be missing and the client that retries once may have seen no error.
    /// </summary>
    public async Task AssertRollingRestartLosesNothingAsync()
    {
        await StartWritingAsync();
        for (var node = Spec.Replicas - 1; node >= 0; node--)
        {
            await Lab.RestartNodeAsync(node, planned: true);
            var n = node;
            await Eventually(TimeSpan.FromSeconds(60), $"node-{n} to be ready", () => Lab.IsReadyAsync(n));
            await Lab.WaitForSettledAsync(TimeSpan.FromSeconds(60));
        }
        await Task.Delay(1000);
        var report = await StopWritingAsync();
        await AssertSingleMasterAsync();
        var lost = await CountLostAsync(report);
        Report(report, lost);
        Assert.Equal(0, lost);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
    }

    /// <summary>Waits until the endpoint accepts a write again.</summary>
    public Task WaitForEndpointAsync(TimeSpan timeout) => Lab.WaitForWritableEndpointAsync(timeout);

    /// <summary>Exactly one node answers master among those that answer at all.</summary>
    public async Task AssertSingleMasterAsync()
    {
        var status = await Lab.StatusAsync();
        Assert.True(status.Masters.Count == 1, $"expected one master, found {status.Masters.Count}: {Describe(status)}");
    }

    /// <summary>Every acknowledged write of the report can still be read through the endpoint.</summary>
    public async Task<int> CountLostAsync(WorkloadReport report)
    {
        var lost = await EndpointWorkload.FindLostAsync(report, Lab.Addresses.Endpoint, RedisHaSpec.EndpointPort, Lab.Password, Lab.Tls);
        return lost.Count;
    }

    /// <summary>Writes the scenario's figures to the test output and to REDIS_HA_SCENARIO_REPORT when set.</summary>
    public void Report(WorkloadReport report, int lost, string? note = null)
    {
        var line = $"{_title}: unavailability se-redis {Ms(report.LongestUnavailability(EndpointWorkload.SeRedis))}, " +
                   $"se-redis-retry {Ms(report.LongestUnavailability(EndpointWorkload.SeRedisRetry))}, raw {Ms(report.LongestUnavailability(EndpointWorkload.Raw))}; " +
                   $"acknowledged {report.Acknowledged}, failed {report.Failed}, " +
                   $"retry-once errors {report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged)}, lost acknowledged {lost}" +
                   (note is null ? "" : $"; {note}");
        _output.WriteLine(line);
        _output.WriteLine(report.Summary());
        if (Environment.GetEnvironmentVariable("REDIS_HA_SCENARIO_REPORT") is { Length: > 0 } file)
            File.AppendAllText(file, line + Environment.NewLine);
    }

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    public static string Describe(LabStatus status) => string.Join("; ",
        status.Nodes.Select(n => $"node-{n.Ordinal} {n.Role ?? "down"} (sentinel says {n.SentinelNamesMaster ?? "-"})")
            .Concat(status.Proxies.Select(p => $"proxy-{p.Index} routes to [{string.Join(',', p.RoutesTo)}]")));

    public async ValueTask DisposeAsync()
    {
        if (_workload is not null) await _workload.DisposeAsync();
        try
        {
            _output.WriteLine(Describe(await Lab.StatusAsync()));
        }
        finally
        {
            await Lab.DownAsync();
        }
    }
}
