namespace RedisHa.Blueprint.Spec;

/// <summary>The timings in force after the profile and the user's overrides are combined.</summary>
public sealed record FailoverTimings(
    string ProfileName,
    int DownAfterMilliseconds,
    int FailoverTimeoutMilliseconds,
    int HaproxyCheckIntervalMilliseconds)
{
    /// <summary>
    /// How often the watcher compares what the sentinels say with what its node is. Faster than
    /// Sentinel reacts, so a repair happens within a few of Sentinel's own periods.
    /// </summary>
    public int WatcherIntervalMilliseconds => Math.Clamp(DownAfterMilliseconds / 2, 500, 2000);

    /// <summary>
    /// How long a disagreement must last before the watcher acts. Longer than a normal failover's
    /// promote-then-announce window (Sentinel promotes a replica before it tells the other sentinels),
    /// so the watcher never fights a failover in progress.
    /// </summary>
    public int WatcherGraceMilliseconds => Math.Max(3 * WatcherIntervalMilliseconds, DownAfterMilliseconds + 2000);

    /// <summary>
    /// How often each sentinel pings the master. Sentinel pings once a second by default, so a
    /// master that dies right after a reply is noticed up to a second late; pinging more often
    /// keeps detection close to down-after without making it any more trigger-happy (SDOWN still
    /// needs down-after of silence).
    /// </summary>
    public int SentinelPingPeriodMilliseconds => Math.Clamp(DownAfterMilliseconds / 4, 100, 250);

    /// <summary>Upper bound for the pre-stop handover: pause, catch up, fail over, see the switch.</summary>
    public int HandoverTimeoutMilliseconds => Math.Min(FailoverTimeoutMilliseconds, 20000);

    /// <summary>
    /// Kubernetes must not kill a pod while its pre-stop hook is still handing the master role over.
    /// </summary>
    public int TerminationGracePeriodSeconds => HandoverTimeoutMilliseconds / 1000 + 15;
}
