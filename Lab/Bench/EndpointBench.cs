using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Bench;

/// <summary>
/// `redis-ha bench endpoint`: what the HAProxy hop costs. redis-benchmark runs on the lab's node,
/// as a client on a cluster node would, against four targets of the same lab in turn:
/// <list type="bullet">
/// <item><see cref="Endpoint"/>: the endpoint Service, i.e. the HAProxy pods, as applications use it;</item>
/// <item><see cref="Direct"/>: the master's announce Service, one hop fewer;</item>
/// <item><see cref="OneProxy"/> and <see cref="ChartLike"/>: one HAProxy process on the node with
/// redis-ha's haproxy.cfg, and one with a configuration that behaves like the Helm chart's
/// (<see cref="ChartLikeHaproxyConfig"/>): the same place, only the configuration differs.</item>
/// </list>
/// Before the load, every proxy's CPU is sampled while idle: what its health checks cost.
/// </summary>
public static class EndpointBench
{
    public const string Endpoint = "endpoint";
    public const string Direct = "direct";
    public const string OneProxy = "redis-ha-proxy";
    public const string ChartLike = "chart-like";

    // Loopback addresses of the node namespace for the two comparison proxies.
    private const string OneProxyAddress = "127.0.0.2";
    private const string ChartLikeAddress = "127.0.0.3";

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
        var generator = new RedisBenchmark(lab.Network.Plan.NodeNamespace);
        var version = await generator.VersionAsync() ?? throw new InvalidOperationException("redis-benchmark not found; install the Debian package redis-tools");
        var master = await lab.FindMasterAsync() ?? throw new InvalidOperationException("the lab has no master");
        var ourConfig = new ConfigFiles(lab.Spec).HaproxyFiles;
        var chartConfig = new Dictionary<string, string> { [ConfigFiles.HaproxyCfgName] = ChartLikeHaproxyConfig.Render(lab.Spec) };
        using var oneProxy = await NodeHaproxy.StartAsync(lab, OneProxyAddress, ourConfig, cancel);
        using var chartLike = await NodeHaproxy.StartAsync(lab, ChartLikeAddress, chartConfig, cancel);

        var cpu = await IdleCpuAsync(lab, settings, oneProxy, chartLike, ourConfig[ConfigFiles.HaproxyCfgName], chartConfig[ConfigFiles.HaproxyCfgName], progress, cancel);

        // Per target, the proxy processes a request passes through (none for direct): their CPU per
        // request is what the hop costs, whatever else the machine is doing.
        var targets = new (string Name, string Host, Func<IReadOnlyList<int>>? Proxies)[]
        {
            (Endpoint, lab.ServiceIp(lab.Spec.Names.EndpointService), () => lab.HaproxyPods.SelectMany(pod => ProcessesOf(lab, pod, "haproxy")).ToList()),
            (Direct, lab.NodeAnnounceIp(master), null),
            (OneProxy, oneProxy.Address, () => [oneProxy.Pid]),
            (ChartLike, chartLike.Address, () => [chartLike.Pid]),
        };
        var masterRedis = () => lab.ServerPod(master) is { } pod ? ProcessesOf(lab, pod, "redis") : [];
        var rounds = Math.Max(1, settings.Rounds);
        var runs = new List<LoadFigures>();
        foreach (var test in new[] { "set", "get" })
        {
            var requests = new Dictionary<string, long>();
            foreach (var (name, host, _) in targets)
            {
                // A fraction of a second at tens of thousands of requests/s is enough to size the runs.
                var calibration = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                    Math.Max(10000, settings.Clients * settings.Pipeline * 100), settings.KeySpace, cancel);
                requests[name] = (long)Math.Clamp(calibration.Rps * settings.Seconds / rounds, 1000, 100_000_000);
                progress?.Report($"{test.ToUpperInvariant()} {name} ({host}): calibrated at {calibration.Rps:0}/s; {rounds} run(s) of {requests[name]} requests");
            }
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which target goes first, so none always runs right after another's load.
                foreach (var (name, host, proxies) in targets.Skip(round % targets.Length).Concat(targets.Take(round % targets.Length)))
                {
                    var proxyBefore = proxies is null ? (TimeSpan?)null : ProcessCpu.Used(proxies());
                    var redisBefore = ProcessCpu.Used(masterRedis());
                    var run = await generator.RunAsync(name, host, RedisHaSpec.RedisPort, lab.Password, test, settings.Clients, settings.Pipeline,
                        requests[name], settings.KeySpace, cancel);
                    run = run with
                    {
                        Round = round,
                        ProxyCpuMs = proxyBefore is { } p ? (ProcessCpu.Used(proxies!()) - p).TotalMilliseconds : null,
                        RedisCpuMs = (ProcessCpu.Used(masterRedis()) - redisBefore).TotalMilliseconds,
                    };
                    progress?.Report($"{test.ToUpperInvariant()} {name} run {round + 1}/{rounds}: {run.Rps:0} requests/s, p50 {run.P50Ms:0.000} ms, p99 {run.P99Ms:0.000} ms");
                    runs.Add(run);
                }
            }
        }
        var description = $"{version} on the lab's node (-c {settings.Clients} -P {settings.Pipeline} -r {settings.KeySpace}, 3-byte values, keep-alive connections)";
        return new EndpointBenchResult(MachineInfo.Current(), description, settings.Clients, settings.Pipeline, settings.Seconds, rounds, runs, cpu);
    }

    /// <summary>Each proxy's CPU over an idle window: with no client traffic, that is its health checks.</summary>
    private static async Task<IReadOnlyList<ProxyCheckCost>> IdleCpuAsync(PodLab lab, EndpointBenchSettings settings, NodeHaproxy oneProxy, NodeHaproxy chartLike,
        string ourConfig, string chartConfig, IProgress<string>? progress, CancellationToken cancel)
    {
        // redis-ha's proxy checks each node server every check interval, UP or DOWN, and asks each
        // sentinel every interval over a kept connection (sentinel-approvals.lua; also after each of
        // its events, and a node a quorum starts to name, which a settled cluster does not have).
        // The chart-like setup checks every server once a second.
        var interval = lab.Spec.Timings.HaproxyCheckIntervalMilliseconds / 1000.0;
        var ours = (Checks: ProxyCheckCost.CheckConnectionsPerSecondOf(ourConfig, interval), Questions: lab.Spec.Replicas / interval);
        var chart = (Checks: ProxyCheckCost.CheckConnectionsPerSecondOf(chartConfig, 1.0), Questions: 0.0);
        var proxies = lab.HaproxyPods
            .Select(pod => (Name: $"pod {pod.Name}", Pids: (Func<IReadOnlyList<int>>)(() => ProcessesOf(lab, pod, "haproxy")), Cost: ours))
            .Append((Name: OneProxy, Pids: () => [oneProxy.Pid], Cost: ours))
            .Append((Name: ChartLike, Pids: () => [chartLike.Pid], Cost: chart))
            .ToList();
        progress?.Report($"sampling the proxies' CPU for {settings.IdleSeconds:0.#} s with no client traffic");
        var before = proxies.Select(p => ProcessCpu.Used(p.Pids())).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), cancel);
        var after = proxies.Select(p => ProcessCpu.Used(p.Pids())).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        return proxies.Select((p, i) => new ProxyCheckCost(p.Name, p.Cost.Checks, p.Cost.Questions, (after[i] - before[i]).TotalMilliseconds / seconds)).ToList();
    }

    private static IReadOnlyList<int> ProcessesOf(PodLab lab, LabPod pod, string container) =>
        pod.Container(container).Current is { } c ? lab.Runtime.ProcessesOf(c.Id) : [];
}
