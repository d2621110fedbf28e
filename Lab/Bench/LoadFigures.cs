namespace RedisHa.Lab.Bench;

/// <summary>One load run: <paramref name="Target"/> is "endpoint" or "direct", <paramref name="Test"/> "SET" or "GET". Latencies in ms.</summary>
public sealed record LoadFigures(string Target, string Test, long Requests, double Rps, double AvgMs, double P50Ms, double P99Ms, double MaxMs);
