namespace RedisHa.Check;

/// <summary>Durations in the report, in the unit of <c>--timeout</c>.</summary>
internal static class SecondsText
{
    public static string Of(TimeSpan t) => $"{t.TotalSeconds:0.###} s";
}
