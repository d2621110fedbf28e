namespace RedisHa.Lab.Bench;

/// <summary>
/// One load run: <paramref name="Target"/> is one of <see cref="EndpointBench"/>'s targets,
/// <paramref name="Test"/> "SET" or "GET". Latencies in ms. <see cref="Round"/> pairs the runs of
/// one round (null for a figure that combines rounds).
/// </summary>
public sealed record LoadFigures(string Target, string Test, long Requests, double Rps, double AvgMs, double P50Ms, double P99Ms, double MaxMs)
{
    public int? Round { get; init; }
}
