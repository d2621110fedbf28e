namespace RedisHa.Blueprint.Options;

/// <summary>
/// A named set of timings that only make sense together: Sentinel's detection time, its failover
/// timeout and how often HAProxy re-checks who the master is.
/// </summary>
public sealed record FailoverProfile(string Name, int DownAfterMilliseconds, int FailoverTimeoutMilliseconds, int HaproxyCheckIntervalMilliseconds)
{
    /// <summary>
    /// Tolerates a master that stalls for a few seconds (a big KEYS, a slow disk, a GC-paused VM)
    /// without failing over: down-after is well above the 2 s stalls users report as normal.
    /// </summary>
    public static FailoverProfile Default { get; } = new("default", 5000, 30000, 500);

    /// <summary>As fast as Sentinel allows while still needing a few missed pings to act.</summary>
    public static FailoverProfile Fast { get; } = new("fast", 1000, 6000, 250);

    public static IReadOnlyList<FailoverProfile> All { get; } = [Default, Fast];

    public static FailoverProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
