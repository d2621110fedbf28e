using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Clients;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Support;

/// <summary>
/// One scenario on the pod lab: a lab of its own (or a shared healthy one), a workload writing
/// through the endpoint Service, and the checks every scenario shares: one master, no
/// acknowledged write lost where none may be, figures in the test output.
/// </summary>
public sealed class PodScenario : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _title;
    private readonly bool _owned;
    private EndpointWorkload? _workload;

    public PodScenario(ITestOutputHelper output, string title, PodLab lab, bool owned)
    {
        _output = output;
        _title = title;
        _owned = owned;
        Lab = lab;
    }

    public PodLab Lab { get; }
    public RedisHaSpec Spec => Lab.Spec;
    public int DownAfterMs => Spec.Timings.DownAfterMilliseconds;

    /// <summary>Where test labs live: one folder, so a crashed run's leftovers are easy to find and remove.</summary>
    public static string LabHome => Path.Combine(Path.GetTempPath(), "redis-ha-pod-lab-tests");

    private static readonly Lazy<Task> OrphansRemoved = new(() => PodLab.DestroyOrphansAsync(LabHome));

    public static async Task<PodLab> StartLabAsync(string profile = "fast", Func<RedisHaOptions, RedisHaOptions>? options = null, string? password = null,
        IReadOnlyList<k8s.IKubernetesObject>? startFrom = null)
    {
        // Labs of an earlier run that died would share the two cores with this one.
        await OrphansRemoved.Value;
        var o = new RedisHaOptions { FailoverProfile = profile };
        if (options is not null) o = options(o);
        var settings = new PodLabSettings { Name = $"t{Guid.NewGuid():N}"[..10], Home = LabHome, Password = password, StartFrom = startFrom };
        return await PodLab.StartAsync(o, settings);
    }

    public static async Task<PodScenario> StartAsync(ITestOutputHelper output, string title, string profile = "fast",
        Func<RedisHaOptions, RedisHaOptions>? options = null, string? password = null, IReadOnlyList<k8s.IKubernetesObject>? startFrom = null)
    {
        var lab = await StartLabAsync(profile, options, password, startFrom);
        var scenario = new PodScenario(output, title, lab, owned: true);
        output.WriteLine($"{title}: lab up at {lab.Endpoint} (profile {profile}), master {lab.Spec.Names.Pod(await scenario.MasterAsync())}");
        return scenario;
    }

    /// <summary>The master now; polls briefly, since one probe can miss it on a loaded machine.</summary>
    public Task<int> MasterAsync() => WaitForMasterAsync(TimeSpan.FromSeconds(30));

    public string EndpointHost => Lab.HostAddress(Spec.Names.EndpointService);

    public async Task StartWritingAsync(TimeSpan? interval = null)
    {
        _workload = await EndpointWorkload.StartAsync(EndpointHost, RedisHaSpec.EndpointPort, Lab.Password, interval ?? TimeSpan.FromMilliseconds(20), tls: Lab.Tls);
        await Task.Delay(300); // a few writes before the fault, so "before" is measured too
    }

    public TimeSpan WorkloadClock => _workload?.Elapsed ?? throw new InvalidOperationException("not writing");

    public async Task<WorkloadReport> StopWritingAsync()
    {
        var report = await _workload!.StopAsync();
        await _workload.DisposeAsync();
        _workload = null;
        return report;
    }

    /// <summary>Waits until a quorum names a master that answers master, other than <paramref name="notThis"/>.</summary>
    public async Task<int> WaitForMasterAsync(TimeSpan timeout, int? notThis = null)
    {
        int? master = null;
        await Eventually.Holds(timeout, notThis is null ? "a master" : $"a master other than {Spec.Names.Pod(notThis.Value)}", async () =>
        {
            master = await Lab.FindMasterAsync();
            return master is not null && master != notThis;
        });
        return master!.Value;
    }

    public Task WaitForEndpointAsync(TimeSpan timeout) => Lab.WaitForWritableEndpointAsync(timeout);

    /// <summary>The shape of an unplanned failover: write, hurt the master, wait for another master and the endpoint, write on, check.</summary>
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

    public async Task AssertSingleMasterAsync()
    {
        var snapshot = await Lab.SnapshotAsync();
        Assert.True(snapshot.Masters.Count == 1, $"expected one master, found {snapshot.Masters.Count}: {Describe(snapshot)}");
    }

    public async Task<int> CountLostAsync(WorkloadReport report) => (await FindLostAsync(report)).Count;

    private Task<IReadOnlyList<WriteRecord>> FindLostAsync(WorkloadReport report) =>
        EndpointWorkload.FindLostAsync(report, EndpointHost, RedisHaSpec.EndpointPort, Lab.Password, Lab.Tls);

    /// <summary>
    /// Counts the lost writes, reports the figures, and asserts that none is lost; a failure names
    /// each lost write, its client and when it was sent and acknowledged (on the workload's clock),
    /// to set against the fault and the lab's events.
    /// </summary>
    public async Task AssertNothingLostAsync(WorkloadReport report, string? note = null)
    {
        var lost = await FindLostAsync(report);
        Report(report, lost.Count, note);
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged write(s) lost: " + string.Join("; ", lost.Take(10).Select(w =>
            $"{w.Client} {w.Key} sent at {w.SentAt.TotalSeconds:0.000} s, acknowledged {w.Took.TotalMilliseconds:0} ms later")));
    }

    public void Report(WorkloadReport report, int lost, string? note = null)
    {
        var line = $"{_title}: unavailability se-redis {Eventually.Ms(report.LongestUnavailability(EndpointWorkload.SeRedis))}, " +
                   $"se-redis-retry {Eventually.Ms(report.LongestUnavailability(EndpointWorkload.SeRedisRetry))}, raw {Eventually.Ms(report.LongestUnavailability(EndpointWorkload.Raw))}; " +
                   $"acknowledged {report.Acknowledged}, failed {report.Failed}, " +
                   $"retry-once errors {report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged)}, lost acknowledged {lost}" +
                   (note is null ? "" : $"; {note}");
        _output.WriteLine(line);
        _output.WriteLine(report.Summary());
        if (Environment.GetEnvironmentVariable("REDIS_HA_SCENARIO_REPORT") is { Length: > 0 } file)
            File.AppendAllText(file, line + Environment.NewLine);
    }

    public static string Describe(LabSnapshot s) => string.Join("; ",
        s.Nodes.Select(n => $"{n.Pod} {n.Role ?? "down"} (sentinel names {n.SentinelNames?.ToString() ?? "-"})")
            .Concat(s.Routes.Select(r => $"{r.Pod} routes to [{string.Join(',', r.RoutesTo ?? [])}]")));

    public async ValueTask DisposeAsync()
    {
        if (_workload is not null) await _workload.DisposeAsync();
        try
        {
            _output.WriteLine(Describe(await Lab.SnapshotAsync()));
            // xunit shows a test's output only when it fails: then these say what the lab did.
            _output.WriteLine(Lab.LogTails(25));
        }
        finally
        {
            if (_owned) await Lab.DownAsync();
        }
    }
}
