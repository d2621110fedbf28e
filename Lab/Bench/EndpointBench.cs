using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Lab.Bench;

/// <summary>
/// `redis-ha bench endpoint`: what the HAProxy hop costs. SET and GET through the endpoint and
/// directly against the master of the same lab, one after the other, each sized by a short
/// calibration run to last about the requested time.
/// </summary>
public static class EndpointBench
{
    public const string Endpoint = "endpoint";
    public const string Direct = "direct";

    public static async Task<EndpointBenchResult> RunAsync(EndpointBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var labSettings = new LabSettings
        {
            Name = $"bench-endpoint-{Guid.NewGuid():N}"[..21],
            Home = settings.LabHome ?? LabSettings.DefaultHome(),
        };
        progress?.Report($"starting lab '{labSettings.Name}' (should this process be killed: redis-ha lab down --name {labSettings.Name})");
        var labProgress = progress is null ? null : new PrefixedProgress(progress, "  ");
        await using var lab = await LabCluster.StartAsync(new RedisHaOptions { FailoverProfile = settings.Profile }, labSettings, labProgress, cancel);
        using var teardown = TeardownOnCancel.Register(lab, cancel);
        return await RunAsync(lab, settings, progress, cancel);
    }

    public static async Task<EndpointBenchResult> RunAsync(LabCluster lab, EndpointBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var generator = new RedisBenchmark();
        var version = await generator.VersionAsync() ?? throw new InvalidOperationException("redis-benchmark not found; install the Debian package redis-tools");
        var master = await lab.FindMasterAsync() ?? throw new InvalidOperationException("the lab has no master");
        var targets = new[] { (Name: Endpoint, Host: lab.Addresses.Endpoint), (Name: Direct, Host: lab.Nodes[master].Address) };
        var figures = new List<LoadFigures>();
        foreach (var test in new[] { "set", "get" })
        {
            foreach (var (name, host) in targets)
            {
                // Calibration: a fraction of a second at tens of thousands of requests/s is enough to size the run.
                var calibration = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                    Math.Max(10000, settings.Clients * settings.Pipeline * 100), settings.KeySpace, cancel);
                var requests = (long)Math.Clamp(calibration.Rps * settings.Seconds, 1000, 100_000_000);
                progress?.Report($"{test.ToUpperInvariant()} {name} ({host}): {requests} requests, ~{settings.Seconds:0.#} s at the calibrated {calibration.Rps:0}/s");
                var measured = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                    requests, settings.KeySpace, cancel);
                progress?.Report($"{test.ToUpperInvariant()} {name}: {measured.Rps:0} requests/s, p50 {measured.P50Ms:0.000} ms, p99 {measured.P99Ms:0.000} ms");
                figures.Add(measured);
            }
        }
        var description = $"{version} (-c {settings.Clients} -P {settings.Pipeline} -r {settings.KeySpace}, 3-byte values, keep-alive connections)";
        return new EndpointBenchResult(MachineInfo.Current(), description, settings.Clients, settings.Pipeline, settings.Seconds, figures);
    }
}
