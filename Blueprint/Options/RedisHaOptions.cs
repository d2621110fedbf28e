namespace RedisHa.Blueprint.Options;

/// <summary>
/// Every knob a user can turn, with its default. Plain data: reading it from a stack file, from
/// Pulumi config or from <c>--set</c> happens in <see cref="OptionsReader"/>; checking it happens in
/// <see cref="Validation.OptionsValidator"/>.
/// </summary>
public sealed record RedisHaOptions
{
    /// <summary>Prefix of every object name; several deployments can share a namespace.</summary>
    public string Name { get; init; } = "redis-ha";
    public string Namespace { get; init; } = "redis";
    public bool CreateNamespace { get; init; } = true;
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Redis + Sentinel pods; odd so that a majority of sentinels always exists.</summary>
    public int Replicas { get; init; } = 3;
    public int HaproxyReplicas { get; init; } = 3;
    public string MasterName { get; init; } = "mymaster";

    public string FailoverProfile { get; init; } = "default";
    /// <summary>Overrides of the profile's timings; null keeps the profile's value.</summary>
    public int? DownAfterMilliseconds { get; init; }
    public int? FailoverTimeoutMilliseconds { get; init; }
    public int? HaproxyCheckIntervalMilliseconds { get; init; }
    /// <summary>Null means a majority of <see cref="Replicas"/>.</summary>
    public int? Quorum { get; init; }

    public string RedisImage { get; init; } = "redis:7.2.5-alpine";
    public string HaproxyImage { get; init; } = "haproxy:2.8.10-alpine";

    public bool Auth { get; init; } = true;
    /// <summary>
    /// Only validated here, never written anywhere by the Blueprint: the password reaches pods
    /// through a Secret that the sinks create.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// The password being rotated away from, kept for the overlap of a rotation: while it is set,
    /// every node accepts both passwords. Set it with the new <see cref="Password"/> in one update,
    /// remove it in the next (README, "Rotate the password"). Like the password, only validated here.
    /// </summary>
    public string? PreviousPassword { get; init; }

    public PersistenceOptions Persistence { get; init; } = new();
    public ResourcesOptions Resources { get; init; } = new();
    public bool HardAntiAffinity { get; init; } = true;
    /// <summary>
    /// HAProxy pods on distinct nodes (required) rather than only preferably: soft by default, so a
    /// cluster with fewer nodes than proxies still runs them all.
    /// </summary>
    public bool HardHaproxyAntiAffinity { get; init; }
    /// <summary>Spread both workloads over <c>topology.kubernetes.io/zone</c> when the scheduler can.</summary>
    public bool TopologySpreadZones { get; init; }
    /// <summary>PodDisruptionBudgets, so a node drain never takes more than one Redis pod or the last HAProxy pod.</summary>
    public bool PodDisruptionBudget { get; init; } = true;
    public NetworkPolicyOptions NetworkPolicy { get; init; } = new();
    public MetricsOptions Metrics { get; init; } = new();
    public TlsOptions Tls { get; init; } = new();
    public ReadEndpointOptions ReadEndpoint { get; init; } = new();

    /// <summary>
    /// Redis memory syntax (e.g. <c>256mb</c>), at most the redis container's memory limit; null
    /// derives it from that limit (<see cref="RedisMemorySize.ShareOfMemoryLimit"/> of it), or
    /// leaves Redis unlimited when there is no limit.
    /// </summary>
    public string? MaxMemory { get; init; }
    public string MaxMemoryPolicy { get; init; } = "noeviction";
    /// <summary>A master refuses writes when fewer replicas are connected, so a cut-off master stops taking writes that would be lost.</summary>
    public int MinReplicasToWrite { get; init; } = 1;
    /// <summary>
    /// Seconds without an acknowledgement after which a replica stops counting. Replicas acknowledge
    /// every second, so 2 s tolerates one late acknowledgement while bounding what a master cut off
    /// from its replicas (but not from its clients) accepts and later loses: it refuses writes, and
    /// HAProxy stops routing to it, about 2 s after its replicas went silent.
    /// </summary>
    public int MinReplicasMaxLag { get; init; } = 2;
}
