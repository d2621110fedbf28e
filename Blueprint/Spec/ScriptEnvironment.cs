namespace RedisHa.Blueprint.Spec;

/// <summary>
/// The environment variables the scripts and HAProxy read: their names, and their values for a
/// given set of node addresses. On Kubernetes the addresses are the announce Services' DNS names;
/// in the lab they are loopback IPs. Nothing else differs.
/// </summary>
public static class ScriptEnvironment
{
    /// <summary>Space-separated node addresses, in ordinal order.</summary>
    public const string Nodes = "REDIS_HA_NODES";
    /// <summary>The pod's name; its ordinal suffix says which of <see cref="Nodes"/> is this node.</summary>
    public const string PodName = "REDIS_HA_POD_NAME";
    public const string MasterName = "REDIS_HA_MASTER_NAME";
    public const string Quorum = "REDIS_HA_QUORUM";
    public const string RedisPort = "REDIS_HA_REDIS_PORT";
    public const string SentinelPort = "REDIS_HA_SENTINEL_PORT";
    public const string ConfigDir = "REDIS_HA_CONFIG_DIR";
    public const string ScriptsDir = "REDIS_HA_SCRIPTS_DIR";
    public const string DataDir = "REDIS_HA_DATA_DIR";
    public const string RunDir = "REDIS_HA_RUN_DIR";
    /// <summary>What Redis and Sentinel listen on: all interfaces in a pod, the node's own address in the lab.</summary>
    public const string BindAddress = "REDIS_HA_BIND";
    /// <summary>Source address of outgoing connections; empty in a pod. The lab sets it so a partition cuts exactly one node.</summary>
    public const string SourceAddress = "REDIS_HA_SOURCE_ADDRESS";
    public const string WatcherIntervalMs = "REDIS_HA_WATCHER_INTERVAL_MS";
    public const string WatcherGraceMs = "REDIS_HA_WATCHER_GRACE_MS";
    public const string HandoverTimeoutMs = "REDIS_HA_HANDOVER_TIMEOUT_MS";
    /// <summary>How long the pre-stop handover may pause writes before its failover request (FailoverTimings.WritePauseBudgetMilliseconds).</summary>
    public const string WritePauseBudgetMs = "REDIS_HA_WRITE_PAUSE_BUDGET_MS";
    /// <summary>Applied by the watcher to its own sentinel as its ping, ask and publish (hello) periods (SENTINEL DEBUG: runtime only, not in sentinel.conf).</summary>
    public const string SentinelPingPeriodMs = "REDIS_HA_SENTINEL_PING_PERIOD_MS";

    /// <summary>
    /// Applied by the watcher to its own sentinel as its INFO period (SENTINEL DEBUG, see
    /// <see cref="FailoverTimings.SentinelInfoPeriodMilliseconds"/>); the pre-stop handover sets it
    /// back after it has made the sentinel it asks poll INFO at once.
    /// </summary>
    public const string SentinelInfoPeriodMs = "REDIS_HA_SENTINEL_INFO_PERIOD_MS";
    /// <summary>How often HAProxy re-checks who the master is: the pre-stop handover waits for the routes to move.</summary>
    public const string RouteCheckIntervalMs = "REDIS_HA_ROUTE_CHECK_INTERVAL_MS";
    /// <summary>How long a node the sentinels still name as master, restarting while a peer holds data, waits for Sentinel to fail over.</summary>
    public const string EmptyMasterWaitMs = "REDIS_HA_EMPTY_MASTER_WAIT_MS";
    /// <summary>Set (to 1) when the deployment uses TLS; absent otherwise. Every redis-cli call then speaks TLS (common.sh).</summary>
    public const string Tls = "REDIS_HA_TLS";
    /// <summary>Folder of tls.crt, tls.key and ca.crt: the mounted Secret in a pod, the lab's own CA in the lab.</summary>
    public const string TlsDir = "REDIS_HA_TLS_DIR";
    /// <summary>From the Secret; absent when auth is off. redis-cli reads REDISCLI_AUTH by itself.</summary>
    public const string Password = "REDISCLI_AUTH";
    /// <summary>From the Secret, only during a password rotation's overlap (common.sh falls back to it).</summary>
    public const string PreviousPassword = "REDIS_HA_PREVIOUS_PASSWORD";

    // HAProxy's own: the start script resolves each node to an IP and exports it for haproxy.cfg.
    public const string HaproxyBind = "REDIS_HA_PROXY_BIND";
    public const string HaproxySource = "REDIS_HA_PROXY_SOURCE";
    public const string HaproxyStatsBind = "REDIS_HA_PROXY_STATS_BIND";
    /// <summary>Folder of haproxy.cfg and its initial server state.</summary>
    public const string HaproxyConfigDir = "REDIS_HA_PROXY_CONFIG_DIR";
    public const string HaproxyRunDir = "REDIS_HA_PROXY_RUN_DIR";
    public static string NodeIp(int ordinal) => $"REDIS_HA_NODE_{ordinal}_IP";
    public const string PasswordBytes = "REDIS_HA_PASSWORD_BYTES";
    public const string PreviousPasswordBytes = "REDIS_HA_PREVIOUS_PASSWORD_BYTES";

    /// <summary>Variables shared by every container of a redis+sentinel pod (the password is added from the Secret).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForNode(RedisHaSpec spec, IReadOnlyList<string> nodeAddresses, string bindAddress, string sourceAddress,
        string configDir = NodePaths.ConfigDir, string scriptsDir = NodePaths.ScriptsDir, string dataDir = NodePaths.DataDir, string runDir = NodePaths.RunDir,
        string tlsDir = NodePaths.TlsDir) =>
    [
        new(Nodes, string.Join(' ', nodeAddresses)),
        new(MasterName, spec.MasterName),
        new(Quorum, spec.Quorum.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(RedisPort, RedisHaSpec.RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(SentinelPort, RedisHaSpec.SentinelPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ConfigDir, configDir),
        new(ScriptsDir, scriptsDir),
        new(DataDir, dataDir),
        new(RunDir, runDir),
        new(BindAddress, bindAddress),
        new(SourceAddress, sourceAddress),
        new(WatcherIntervalMs, Ms(spec.Timings.WatcherIntervalMilliseconds)),
        new(WatcherGraceMs, Ms(spec.Timings.WatcherGraceMilliseconds)),
        new(HandoverTimeoutMs, Ms(FailoverTimings.HandoverTimeoutMilliseconds)),
        new(WritePauseBudgetMs, Ms(spec.Timings.WritePauseBudgetMilliseconds)),
        new(SentinelPingPeriodMs, Ms(spec.Timings.SentinelPingPeriodMilliseconds)),
        new(SentinelInfoPeriodMs, Ms(FailoverTimings.SentinelInfoPeriodMilliseconds)),
        new(RouteCheckIntervalMs, Ms(spec.Timings.HaproxyCheckIntervalMilliseconds)),
        new(EmptyMasterWaitMs, Ms(spec.Timings.DownAfterMilliseconds + spec.Timings.FailoverTimeoutMilliseconds)),
        .. TlsVariables(spec, tlsDir),
    ];

    /// <summary>Variables of an HAProxy container (the password is added from the Secret).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForHaproxy(RedisHaSpec spec, IReadOnlyList<string> nodeAddresses, string bindAddress, string sourceAddress, string statsBindAddress,
        string scriptsDir = NodePaths.ScriptsDir, string configDir = NodePaths.HaproxyConfigDir, string runDir = NodePaths.HaproxyRunDir,
        string tlsDir = NodePaths.TlsDir) =>
    [
        new(Nodes, string.Join(' ', nodeAddresses)),
        new(HaproxyBind, bindAddress),
        new(HaproxySource, sourceAddress),
        new(HaproxyStatsBind, statsBindAddress),
        new(ScriptsDir, scriptsDir),
        new(HaproxyConfigDir, configDir),
        new(HaproxyRunDir, runDir),
        .. TlsVariables(spec, tlsDir),
    ];

    /// <summary>Only with TLS, so that a pod without TLS has no variable naming a folder that is not mounted.</summary>
    private static IEnumerable<KeyValuePair<string, string>> TlsVariables(RedisHaSpec spec, string tlsDir) =>
        spec.Tls ? [new(Tls, "1"), new(TlsDir, tlsDir)] : [];

    private static string Ms(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
