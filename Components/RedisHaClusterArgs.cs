using Pulumi;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components;

/// <summary>
/// What a <see cref="RedisHaCluster"/> deploys: one input per key of the stack configuration (the
/// README's configuration table), under the same name. Every input is optional; an unset input
/// takes the default of <see cref="RedisHaOptions"/>, the one place defaults are kept. The
/// component validates all inputs together and reports every problem at once, each naming its input.
/// </summary>
public sealed class RedisHaClusterArgs : ResourceArgs
{
    /// <summary>Prefix of every object name (a DNS label of at most 45 characters); several deployments can share a namespace.</summary>
    [Input(ConfigKeys.Name)]
    public Input<string>? Name { get; set; }

    /// <summary>Kubernetes namespace of every object.</summary>
    [Input(ConfigKeys.Namespace)]
    public Input<string>? Namespace { get; set; }

    /// <summary>
    /// Create the namespace (labelled Pod Security restricted); false uses an existing one. A plain
    /// value, not an input: it decides which resources exist, which must be known when the component is created.
    /// </summary>
    [Input(ConfigKeys.CreateNamespace)]
    public bool? CreateNamespace { get; set; }

    /// <summary>DNS domain of the cluster, used in the Service addresses the nodes announce and in the endpoints.</summary>
    [Input(ConfigKeys.ClusterDomain)]
    public Input<string>? ClusterDomain { get; set; }

    /// <summary>Redis + Sentinel pods: 3 or 5, odd so that a majority of sentinels survives the loss of one node.</summary>
    [Input(ConfigKeys.Replicas)]
    public Input<int>? Replicas { get; set; }

    /// <summary>HAProxy pods behind the endpoint Service (1 to 20).</summary>
    [Input(ConfigKeys.HaproxyReplicas)]
    public Input<int>? HaproxyReplicas { get; set; }

    /// <summary>Name of the master set in Sentinel.</summary>
    [Input(ConfigKeys.MasterName)]
    public Input<string>? MasterName { get; set; }

    /// <summary>Failover timings that go together: "default" or "fast".</summary>
    [Input(ConfigKeys.FailoverProfile)]
    public Input<string>? FailoverProfile { get; set; }

    /// <summary>Override of the failover profile's Sentinel down-after-milliseconds.</summary>
    [Input(ConfigKeys.DownAfterMilliseconds)]
    public Input<int>? DownAfterMilliseconds { get; set; }

    /// <summary>Override of the failover profile's Sentinel failover-timeout; at least twice down-after.</summary>
    [Input(ConfigKeys.FailoverTimeoutMilliseconds)]
    public Input<int>? FailoverTimeoutMilliseconds { get; set; }

    /// <summary>Override of how often HAProxy re-checks who the master is; at most down-after.</summary>
    [Input(ConfigKeys.HaproxyCheckIntervalMilliseconds)]
    public Input<int>? HaproxyCheckIntervalMilliseconds { get; set; }

    /// <summary>Sentinels that must agree on a failover; unset: a majority of the replicas, and never less.</summary>
    [Input(ConfigKeys.Quorum)]
    public Input<int>? Quorum { get; set; }

    /// <summary>Image of redis-server, redis-sentinel, the watcher and the init container.</summary>
    [Input(ConfigKeys.RedisImage)]
    public Input<string>? RedisImage { get; set; }

    /// <summary>Image of HAProxy.</summary>
    [Input(ConfigKeys.HaproxyImage)]
    public Input<string>? HaproxyImage { get; set; }

    /// <summary>
    /// Require a password for Redis and Sentinel. A plain value, not an input: it decides whether the
    /// password Secret exists, which must be known when the component is created.
    /// </summary>
    [Input(ConfigKeys.Auth)]
    public bool? Auth { get; set; }

    /// <summary>
    /// The Redis password, only with auth; unset: one is generated. Treated as a secret whether or
    /// not it is given as one, and never written into a ConfigMap or the rendered manifests.
    /// </summary>
    [Input(ConfigKeys.Password)]
    public Input<string>? Password { get; set; }

    /// <summary>
    /// During a password rotation, the password being replaced: every node accepts it too until it
    /// is removed again. Set it together with the new <see cref="Password"/> in one update and remove
    /// it in the next; clients move to the new password in between. Treated as a secret.
    /// </summary>
    [Input(ConfigKeys.PreviousPassword)]
    public Input<string>? PreviousPassword { get; set; }

    /// <summary>Data volume per pod: a PersistentVolumeClaim, or an emptyDir when disabled.</summary>
    [Input(ConfigKeys.Persistence)]
    public Input<PersistenceArgs>? Persistence { get; set; }

    /// <summary>Requests and limits per container (redis, sentinel, haproxy).</summary>
    [Input(ConfigKeys.Resources)]
    public Input<ResourcesArgs>? Resources { get; set; }

    /// <summary>Never schedule two Redis pods on one node (false only prefers not to).</summary>
    [Input(ConfigKeys.HardAntiAffinity)]
    public Input<bool>? HardAntiAffinity { get; set; }

    /// <summary>Redis maxmemory in Redis memory syntax, such as 256mb; unset: the Blueprint's default.</summary>
    [Input(ConfigKeys.MaxMemory)]
    public Input<string>? MaxMemory { get; set; }

    /// <summary>Redis maxmemory-policy, such as noeviction or allkeys-lru.</summary>
    [Input(ConfigKeys.MaxMemoryPolicy)]
    public Input<string>? MaxMemoryPolicy { get; set; }

    /// <summary>A master refuses writes with fewer connected replicas, so a cut-off master stops taking writes that would be lost.</summary>
    [Input(ConfigKeys.MinReplicasToWrite)]
    public Input<int>? MinReplicasToWrite { get; set; }

    /// <summary>Seconds of replica lag after which a replica no longer counts for minReplicasToWrite.</summary>
    [Input(ConfigKeys.MinReplicasMaxLag)]
    public Input<int>? MinReplicasMaxLag { get; set; }

    /// <summary>Never schedule two HAProxy pods on one node (false only prefers not to, so small clusters still run them all).</summary>
    [Input(ConfigKeys.HardHaproxyAntiAffinity)]
    public Input<bool>? HardHaproxyAntiAffinity { get; set; }

    /// <summary>Spread the Redis and HAProxy pods over zones (topology.kubernetes.io/zone) where the scheduler can.</summary>
    [Input(ConfigKeys.TopologySpreadZones)]
    public Input<bool>? TopologySpreadZones { get; set; }

    /// <summary>PodDisruptionBudgets, so a node drain takes at most one Redis pod at a time and leaves at least one HAProxy pod.</summary>
    [Input(ConfigKeys.PodDisruptionBudget)]
    public Input<bool>? PodDisruptionBudget { get; set; }

    /// <summary>NetworkPolicies: who may reach Redis, Sentinel, the endpoint and the metrics ports.</summary>
    [Input(ConfigKeys.NetworkPolicy)]
    public Input<NetworkPolicyArgs>? NetworkPolicy { get; set; }

    /// <summary>Prometheus metrics: a redis_exporter beside every Redis, metrics Services and ServiceMonitors.</summary>
    [Input(ConfigKeys.Metrics)]
    public Input<MetricsArgs>? Metrics { get; set; }

    /// <summary>TLS on every connection, with certificates from a Secret as cert-manager creates it.</summary>
    [Input(ConfigKeys.Tls)]
    public Input<TlsArgs>? Tls { get; set; }

    /// <summary>A second endpoint for reads from the replicas that are in sync with their master.</summary>
    [Input(ConfigKeys.ReadEndpoint)]
    public Input<ReadEndpointArgs>? ReadEndpoint { get; set; }
}
