namespace RedisHa.Lab.Bench;

/// <summary>p50, p90 and max of a set of durations in ms (percentiles interpolated between the closest ranks).</summary>
public sealed record DurationStats(int Count, double P50, double P90, double Max)
{
    public static DurationStats? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        return new DurationStats(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted[^1]);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>"3.71 / 3.90 / 4.02 s".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Seconds => $"{P50 / 1000:0.00} / {P90 / 1000:0.00} / {Max / 1000:0.00} s";
}
