using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench;

/// <summary>
/// `redis-ha bench endpoint`: what the HAProxy hop costs. SET and GET through the endpoint and
/// directly against the master of the same lab, in alternating runs each sized by a short
/// calibration to last about the requested time.
/// </summary>
public static class EndpointBench
{
    public const string Endpoint = "endpoint";
    public const string Direct = "direct";

    public static async Task<EndpointBenchResult> RunAsync(EndpointBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var labSettings = new PodLabSettings
        {
            Name = $"bench-endpoint-{Guid.NewGuid():N}"[..21],
            Home = settings.LabHome ?? PodLabSettings.DefaultHome(),
        };
        progress?.Report($"starting lab '{labSettings.Name}' (should this process be killed: redis-ha lab down --name {labSettings.Name})");
        var labProgress = progress is null ? null : new PrefixedProgress(progress, "  ");
        await using var lab = await PodLab.StartAsync(new RedisHaOptions { FailoverProfile = settings.Profile }, labSettings, labProgress, cancel);
        using var teardown = TeardownOnCancel.Register(lab, cancel);
        return await RunAsync(lab, settings, progress, cancel);
    }

    public static async Task<EndpointBenchResult> RunAsync(PodLab lab, EndpointBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var generator = new RedisBenchmark();
        var version = await generator.VersionAsync() ?? throw new InvalidOperationException("redis-benchmark not found; install the Debian package redis-tools");
        var master = await lab.FindMasterAsync() ?? throw new InvalidOperationException("the lab has no master");
        // Direct: the master's announce Service, one hop fewer than the endpoint Service and HAProxy.
        var targets = new[] { (Name: Endpoint, Host: lab.HostAddress(lab.Spec.Names.EndpointService)), (Name: Direct, Host: lab.NodeHost(master)) };
        var rounds = Math.Max(1, settings.Rounds);
        var runs = new List<LoadFigures>();
        foreach (var test in new[] { "set", "get" })
        {
            var requests = new Dictionary<string, long>();
            foreach (var (name, host) in targets)
            {
                // A fraction of a second at tens of thousands of requests/s is enough to size the runs.
                var calibration = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                    Math.Max(10000, settings.Clients * settings.Pipeline * 100), settings.KeySpace, cancel);
                requests[name] = (long)Math.Clamp(calibration.Rps * settings.Seconds / rounds, 1000, 100_000_000);
                progress?.Report($"{test.ToUpperInvariant()} {name} ({host}): calibrated at {calibration.Rps:0}/s; {rounds} run(s) of {requests[name]} requests");
            }
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which side goes first, so neither always runs right after the other's load.
                foreach (var (name, host) in round % 2 == 0 ? targets : Enumerable.Reverse(targets))
                {
                    var run = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                        requests[name], settings.KeySpace, cancel);
                    progress?.Report($"{test.ToUpperInvariant()} {name} run {round + 1}/{rounds}: {run.Rps:0} requests/s, p50 {run.P50Ms:0.000} ms, p99 {run.P99Ms:0.000} ms");
                    runs.Add(run);
                }
            }
        }
        var description = $"{version} (-c {settings.Clients} -P {settings.Pipeline} -r {settings.KeySpace}, 3-byte values, keep-alive connections)";
        return new EndpointBenchResult(MachineInfo.Current(), description, settings.Clients, settings.Pipeline, settings.Seconds, rounds, runs);
    }
}
