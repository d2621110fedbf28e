namespace RedisHa.Blueprint.Options;

/// <summary>The configuration keys, as written in a stack file after the <c>redis-ha:</c> prefix.</summary>
public static class ConfigKeys
{
    /// <summary>The Pulumi project name, which prefixes every key in a stack file.</summary>
    public const string Project = "redis-ha";

    public const string Name = "name";
    public const string Namespace = "namespace";
    public const string CreateNamespace = "createNamespace";
    public const string ClusterDomain = "clusterDomain";
    public const string Replicas = "replicas";
    public const string HaproxyReplicas = "haproxyReplicas";
    public const string MasterName = "masterName";
    public const string FailoverProfile = "failoverProfile";
    public const string DownAfterMilliseconds = "downAfterMilliseconds";
    public const string FailoverTimeoutMilliseconds = "failoverTimeoutMilliseconds";
    public const string HaproxyCheckIntervalMilliseconds = "haproxyCheckIntervalMilliseconds";
    public const string Quorum = "quorum";
    public const string RedisImage = "redisImage";
    public const string HaproxyImage = "haproxyImage";
    public const string Auth = "auth";
    public const string Password = "password";
    public const string PreviousPassword = "previousPassword";
    public const string Persistence = "persistence";
    public const string Resources = "resources";
    public const string HardAntiAffinity = "hardAntiAffinity";
    public const string MaxMemory = "maxMemory";
    public const string MaxMemoryPolicy = "maxMemoryPolicy";
    public const string MinReplicasToWrite = "minReplicasToWrite";
    public const string MinReplicasMaxLag = "minReplicasMaxLag";
    public const string HardHaproxyAntiAffinity = "hardHaproxyAntiAffinity";
    public const string TopologySpreadZones = "topologySpreadZones";
    public const string PodDisruptionBudget = "podDisruptionBudget";
    public const string NetworkPolicy = "networkPolicy";
    public const string Metrics = "metrics";
    public const string Tls = "tls";
    public const string ReadEndpoint = "readEndpoint";

    public static IReadOnlyList<string> TopLevel { get; } =
    [
        Name, Namespace, CreateNamespace, ClusterDomain, Replicas, HaproxyReplicas, MasterName,
        FailoverProfile, DownAfterMilliseconds, FailoverTimeoutMilliseconds, HaproxyCheckIntervalMilliseconds,
        Quorum, RedisImage, HaproxyImage, Auth, Password, PreviousPassword, Persistence, Resources, HardAntiAffinity,
        MaxMemory, MaxMemoryPolicy, MinReplicasToWrite, MinReplicasMaxLag, HardHaproxyAntiAffinity,
        TopologySpreadZones, PodDisruptionBudget, NetworkPolicy, Metrics, Tls, ReadEndpoint,
    ];

    /// <summary>The keys inside <see cref="NetworkPolicy"/>.</summary>
    public static IReadOnlyList<string> NetworkPolicyKeys { get; } =
        ["enabled", "allowedNamespaces", "allowedNamespaceLabels", "allowedPodLabels", "metricsNamespace", "allowSentinelClients"];

    /// <summary>The keys inside <see cref="Metrics"/>.</summary>
    public static IReadOnlyList<string> MetricsKeys { get; } = ["enabled", "exporterImage", "serviceMonitor", "serviceMonitorLabels"];

    /// <summary>The keys inside <see cref="Tls"/>.</summary>
    public static IReadOnlyList<string> TlsKeys { get; } = ["enabled", "secretName", "authClients"];

    /// <summary>The keys inside <see cref="ReadEndpoint"/>.</summary>
    public static IReadOnlyList<string> ReadEndpointKeys { get; } = ["enabled"];
}
