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

    /// <summary>
    /// How often each sentinel asks every node for INFO outside a failover (10 s by default). A
    /// failover is confirmed only by INFO: Sentinel names the promoted replica once an INFO reply
    /// shows it master, and during a failover it asks once a second, counted from the last reply.
    /// With the default, that last reply is older than a second when the failover starts, so the
    /// start itself triggers one, a moment before the replica is told to become master, and the
    /// promotion waits a full second for the next. Under a second, no INFO is due at the start,
    /// and the next comes 1 s after the last steady one: 0.4 to 1 s into the failover with 600 ms,
    /// late enough to follow the promotion order (two or three of Sentinel's 50 to 100 ms ticks
    /// after the start) and never later than before. Costs each node one INFO per sentinel every
    /// 600 ms. Also how fresh a replica's INFO must be for Sentinel to pick it (three periods).
    /// </summary>
    public const int SentinelInfoPeriodMilliseconds = 600;

    /// <summary>
    /// How long the pre-stop handover may keep writes paused before Sentinel has accepted its
    /// failover. Sentinel's hello message is a PUBLISH, which a write pause holds, and its pings
    /// queue behind it: a master paused for down-after is taken for down, and Sentinel fails over
    /// on its own, racing the handover. Three quarters of down-after leave a quarter for the
    /// failover request itself. Redis ends each try's pause at this budget by itself (CLIENT PAUSE
    /// with it as the timeout), and a catch-up that takes longer tries again a second later.
    /// </summary>
    public int WritePauseBudgetMilliseconds => DownAfterMilliseconds * 3 / 4;

    /// <summary>
    /// Upper bound for the pre-stop handover: look-ups, waiting out a failover in progress, pause,
    /// catch up, fail over, see the switch. The same in every profile: a handover normally takes a
    /// few seconds, but on a loaded node its calls alone took 5 s, and one that gives up ends in an
    /// unplanned failover. Only a stuck handover waits this long.
    /// </summary>
    public const int HandoverTimeoutMilliseconds = 20000;

    /// <summary>
    /// Beyond the handover budget: prestop.sh's cleanup after its deadline (resuming writes or
    /// cutting clients, at most 1.5 s) and starting the hook's shell.
    /// </summary>
    public const int PreStopSlackSeconds = 2;

    /// <summary>
    /// Redis' shutdown-timeout (written into redis.conf): on SIGTERM a master first waits up to this
    /// long for lagging replicas to catch up, then saves.
    /// </summary>
    public const int RedisShutdownTimeoutSeconds = 10;

    /// <summary>
    /// The final save on SIGTERM (an RDB with snapshots on, the AOF's last fsync): writing a dataset
    /// of the default memory limit (maxmemory about 360 MB) at a slow volume's 20 MB/s takes about
    /// 18 s. Killed in the middle, the node restarts from the older file and must resync.
    /// </summary>
    public const int FinalSaveSeconds = 30;

    /// <summary>
    /// Kubernetes counts the pre-stop hook and the container's own shutdown against one grace
    /// period, and kills the pod when it ends: the handover budget (which bounds prestop.sh, DNS
    /// included), then Redis' wait for its replicas and its final save after SIGTERM.
    /// </summary>
    public int TerminationGracePeriodSeconds =>
        (HandoverTimeoutMilliseconds + 999) / 1000 + PreStopSlackSeconds + RedisShutdownTimeoutSeconds + FinalSaveSeconds;
}
