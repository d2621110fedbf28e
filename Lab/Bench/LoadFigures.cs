namespace RedisHa.Lab.Bench;

/// <summary>
/// One load run: <paramref name="Target"/> is one of <see cref="EndpointBench"/>'s targets,
/// <paramref name="Test"/> "SET" or "GET". Latencies in ms. <see cref="Round"/> pairs the runs of
/// one round (null for a figure that combines rounds).
/// </summary>
public sealed record LoadFigures(string Target, string Test, long Requests, double Rps, double AvgMs, double P50Ms, double P99Ms, double MaxMs)
{
    public int? Round { get; init; }

    /// <summary>
    /// CPU time the target's proxies used during the run, health checks included (all three
    /// HAProxy pods for the endpoint); null for a target without a proxy.
    /// </summary>
    public double? ProxyCpuMs { get; init; }

    /// <summary>CPU time the master's redis-server used during the run.</summary>
    public double? RedisCpuMs { get; init; }

    /// <summary>CPU time the load generator (the application's side) used during the run.</summary>
    public double? ClientCpuMs { get; init; }

    /// <summary>
    /// The most requests a second the machine's cores could carry along this path, from what the
    /// processes on it spent per request (<see cref="CpuCeiling"/>); set on the figures that combine runs.
    /// </summary>
    public double? CpuCeilingRps { get; init; }

    /// <summary>
    /// What the proxy hop costs per request, in CPU microseconds: unlike throughput, this hardly
    /// moves with other load on the machine, so it compares configurations on a busy node too.
    /// </summary>
    public double? ProxyCpuUsPerRequest => PerRequest(ProxyCpuMs);

    public double? RedisCpuUsPerRequest => PerRequest(RedisCpuMs);

    public double? ClientCpuUsPerRequest => PerRequest(ClientCpuMs);

    private double? PerRequest(double? cpuMs) => cpuMs is { } ms && Requests > 0 ? ms * 1000 / Requests : null;
}
