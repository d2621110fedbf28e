using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pulumi;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components;

/// <summary>
/// The inputs of a <see cref="RedisHaClusterArgs"/> as the raw configuration that
/// <see cref="OptionsReader"/> reads: a set input becomes its config key, an unset one is left out.
/// Going through the reader keeps the defaults, and what a partly given block (a container's
/// <c>requests</c>) means, in the Blueprint alone, so args and stack config cannot drift apart.
/// </summary>
internal static class ClusterInputs
{
    /// <summary>
    /// Stands in for the password's text, which the combined configuration must not carry: that would
    /// make every value rendered from it a secret. Its own rules are checked on the real text apart
    /// (see <see cref="ClusterPlan"/>); this placeholder passes them, so the validator still sees that a password was given.
    /// </summary>
    public const string GivenPassword = "<password input>";

    /// <summary>Stands in for the previous password's text, as <see cref="GivenPassword"/> does for the password's.</summary>
    public const string GivenPreviousPassword = "<previous password input>";

    public static Output<JsonObject> Raw(RedisHaClusterArgs args) => Object(
        (ConfigKeys.Name, Text(args.Name)),
        (ConfigKeys.Namespace, Text(args.Namespace)),
        (ConfigKeys.CreateNamespace, Plain(args.CreateNamespace)),
        (ConfigKeys.ClusterDomain, Text(args.ClusterDomain)),
        (ConfigKeys.Replicas, Number(args.Replicas)),
        (ConfigKeys.HaproxyReplicas, Number(args.HaproxyReplicas)),
        (ConfigKeys.MasterName, Text(args.MasterName)),
        (ConfigKeys.FailoverProfile, Text(args.FailoverProfile)),
        (ConfigKeys.DownAfterMilliseconds, Number(args.DownAfterMilliseconds)),
        (ConfigKeys.FailoverTimeoutMilliseconds, Number(args.FailoverTimeoutMilliseconds)),
        (ConfigKeys.HaproxyCheckIntervalMilliseconds, Number(args.HaproxyCheckIntervalMilliseconds)),
        (ConfigKeys.Quorum, Number(args.Quorum)),
        (ConfigKeys.RedisImage, Text(args.RedisImage)),
        (ConfigKeys.HaproxyImage, Text(args.HaproxyImage)),
        (ConfigKeys.Auth, Plain(args.Auth)),
        (ConfigKeys.Password, args.Password is null ? null : Output.Create<JsonNode?>(JsonValue.Create(GivenPassword))),
        (ConfigKeys.PreviousPassword, args.PreviousPassword is null ? null : Output.Create<JsonNode?>(JsonValue.Create(GivenPreviousPassword))),
        (ConfigKeys.Persistence, Nested(args.Persistence, Persistence)),
        (ConfigKeys.Resources, Nested(args.Resources, Resources)),
        (ConfigKeys.HardAntiAffinity, Flag(args.HardAntiAffinity)),
        (ConfigKeys.MaxMemory, Text(args.MaxMemory)),
        (ConfigKeys.MaxMemoryPolicy, Text(args.MaxMemoryPolicy)),
        (ConfigKeys.MinReplicasToWrite, Number(args.MinReplicasToWrite)),
        (ConfigKeys.MinReplicasMaxLag, Number(args.MinReplicasMaxLag)),
        (ConfigKeys.HardHaproxyAntiAffinity, Flag(args.HardHaproxyAntiAffinity)),
        (ConfigKeys.TopologySpreadZones, Flag(args.TopologySpreadZones)),
        (ConfigKeys.PodDisruptionBudget, Flag(args.PodDisruptionBudget)),
        (ConfigKeys.NetworkPolicy, Nested(args.NetworkPolicy, NetworkPolicy)),
        (ConfigKeys.Metrics, Nested(args.Metrics, Metrics)),
        (ConfigKeys.Tls, Nested(args.Tls, Tls)),
        (ConfigKeys.ReadEndpoint, Nested(args.ReadEndpoint, ReadEndpoint))
    ).Apply(node => (JsonObject)node!);

    private static Output<JsonNode?> Persistence(PersistenceArgs p) => Object(
        ("enabled", Flag(p.Enabled)),
        ("size", Text(p.Size)),
        ("storageClass", Text(p.StorageClass)));

    private static Output<JsonNode?> Resources(ResourcesArgs r) => Object(
        ("redis", Nested(r.Redis, Container)),
        ("sentinel", Nested(r.Sentinel, Container)),
        ("haproxy", Nested(r.Haproxy, Container)));

    private static Output<JsonNode?> Container(ContainerResourcesArgs c) => Object(
        ("requests", Nested(c.Requests, Quantities)),
        ("limits", Nested(c.Limits, Quantities)));

    private static Output<JsonNode?> Quantities(ResourceQuantitiesArgs q) => Object(
        ("cpu", Text(q.Cpu)),
        ("memory", Text(q.Memory)));

    private static Output<JsonNode?> NetworkPolicy(NetworkPolicyArgs n) => Object(
        ("enabled", Flag(n.Enabled)),
        ("allowedNamespaces", List(n.AllowedNamespaces)),
        ("allowedNamespaceLabels", Map(n.AllowedNamespaceLabels)),
        ("allowedPodLabels", Map(n.AllowedPodLabels)),
        ("metricsNamespace", Text(n.MetricsNamespace)),
        ("allowSentinelClients", Flag(n.AllowSentinelClients)));

    private static Output<JsonNode?> Metrics(MetricsArgs m) => Object(
        ("enabled", Flag(m.Enabled)),
        ("exporterImage", Text(m.ExporterImage)),
        ("serviceMonitor", Flag(m.ServiceMonitor)),
        ("serviceMonitorLabels", Map(m.ServiceMonitorLabels)));

    private static Output<JsonNode?> Tls(TlsArgs t) => Object(
        ("enabled", Flag(t.Enabled)),
        ("secretName", Text(t.SecretName)),
        ("authClients", Flag(t.AuthClients)));

    private static Output<JsonNode?> ReadEndpoint(ReadEndpointArgs r) => Object(("enabled", Flag(r.Enabled)));

    /// <summary>A JSON object of the entries that are set; it waits for all of them, and carries their dependencies and secrecy.</summary>
    private static Output<JsonNode?> Object(params (string Key, Output<JsonNode?>? Value)[] entries)
    {
        var set = entries.Where(e => e.Value is not null).Select(e => (e.Key, Value: e.Value!)).ToList();
        var keys = set.Select(e => e.Key).ToImmutableArray();
        return Output.All(set.Select(e => e.Value)).Apply(values =>
        {
            var json = new JsonObject();
            for (var i = 0; i < keys.Length; i++) json[keys[i]] = values[i];
            return (JsonNode?)json;
        });
    }

    // A null value inside a set input (a C# caller's Output of null) reads as unset, as a null does in a stack file.
    private static Output<JsonNode?>? Text(Input<string>? input) => input?.Apply(v => (JsonNode?)JsonValue.Create(v));

    private static Output<JsonNode?>? Number(Input<int>? input) => input?.Apply(v => (JsonNode?)JsonValue.Create(v));

    private static Output<JsonNode?>? Flag(Input<bool>? input) => input?.Apply(v => (JsonNode?)JsonValue.Create(v));

    private static Output<JsonNode?>? Plain(bool? value) => value is { } v ? Output.Create<JsonNode?>(JsonValue.Create(v)) : null;

    private static Output<JsonNode?>? List(InputList<string>? input) =>
        input?.Apply(items => (JsonNode?)new JsonArray(items.Select(item => (JsonNode?)JsonValue.Create(item)).ToArray()));

    private static Output<JsonNode?>? Map(InputMap<string>? input) =>
        input?.Apply(map => (JsonNode?)new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))));

    private static Output<JsonNode?>? Nested<T>(Input<T>? input, Func<T, Output<JsonNode?>> read) where T : class =>
        input?.Apply(value => value is null ? Output.Create<JsonNode?>((JsonNode?)null) : read(value));
}
