using Pulumi;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components;

/// <summary>
/// Options read from stack config, as the component's args: every value passed on as it was read,
/// so the component resolves them to the same options (a test checks the round trip).
/// </summary>
internal static class ClusterArgsFromOptions
{
    /// <param name="options">Read by <see cref="OptionsReader"/>; its password text is not passed on.</param>
    /// <param name="password">The password as a secret output, or null to have one generated.</param>
    /// <param name="previousPassword">During a rotation, the password being replaced, as a secret output.</param>
    public static RedisHaClusterArgs Create(RedisHaOptions options, Input<string>? password, Input<string>? previousPassword = null) => new()
    {
        Name = options.Name,
        Namespace = options.Namespace,
        CreateNamespace = options.CreateNamespace,
        ClusterDomain = options.ClusterDomain,
        Replicas = options.Replicas,
        HaproxyReplicas = options.HaproxyReplicas,
        MasterName = options.MasterName,
        FailoverProfile = options.FailoverProfile,
        DownAfterMilliseconds = Number(options.DownAfterMilliseconds),
        FailoverTimeoutMilliseconds = Number(options.FailoverTimeoutMilliseconds),
        HaproxyCheckIntervalMilliseconds = Number(options.HaproxyCheckIntervalMilliseconds),
        Quorum = Number(options.Quorum),
        RedisImage = options.RedisImage,
        HaproxyImage = options.HaproxyImage,
        Auth = options.Auth,
        Password = password,
        PreviousPassword = previousPassword,
        Persistence = new PersistenceArgs
        {
            Enabled = options.Persistence.Enabled,
            Size = options.Persistence.Size,
            StorageClass = Text(options.Persistence.StorageClass),
        },
        Resources = new ResourcesArgs
        {
            Redis = Container(options.Resources.Redis),
            Sentinel = Container(options.Resources.Sentinel),
            Haproxy = Container(options.Resources.Haproxy),
        },
        HardAntiAffinity = options.HardAntiAffinity,
        MaxMemory = Text(options.MaxMemory),
        MaxMemoryPolicy = options.MaxMemoryPolicy,
        MinReplicasToWrite = options.MinReplicasToWrite,
        MinReplicasMaxLag = options.MinReplicasMaxLag,
        HardHaproxyAntiAffinity = options.HardHaproxyAntiAffinity,
        TopologySpreadZones = options.TopologySpreadZones,
        PodDisruptionBudget = options.PodDisruptionBudget,
        NetworkPolicy = new NetworkPolicyArgs
        {
            Enabled = options.NetworkPolicy.Enabled,
            AllowedNamespaces = options.NetworkPolicy.AllowedNamespaces.ToList(),
            AllowedNamespaceLabels = Labels(options.NetworkPolicy.AllowedNamespaceLabels),
            AllowedPodLabels = Labels(options.NetworkPolicy.AllowedPodLabels),
            MetricsNamespace = Text(options.NetworkPolicy.MetricsNamespace),
            AllowSentinelClients = options.NetworkPolicy.AllowSentinelClients,
        },
        Metrics = new MetricsArgs
        {
            Enabled = options.Metrics.Enabled,
            ExporterImage = options.Metrics.ExporterImage,
            ServiceMonitor = options.Metrics.ServiceMonitor,
            ServiceMonitorLabels = Labels(options.Metrics.ServiceMonitorLabels),
        },
        Tls = new TlsArgs
        {
            Enabled = options.Tls.Enabled,
            SecretName = Text(options.Tls.SecretName),
            AuthClients = options.Tls.AuthClients,
        },
        ReadEndpoint = new ReadEndpointArgs { Enabled = options.ReadEndpoint.Enabled },
    };

    // A container's parts are always given whole: a quantity that is null was left out on purpose.
    private static ContainerResourcesArgs Container(ContainerResources r) => new()
    {
        Requests = new ResourceQuantitiesArgs { Cpu = Text(r.RequestCpu), Memory = Text(r.RequestMemory) },
        Limits = new ResourceQuantitiesArgs { Cpu = Text(r.LimitCpu), Memory = Text(r.LimitMemory) },
    };

    private static Input<string>? Text(string? value) => value is null ? null : (Input<string>)value;

    private static Input<int>? Number(int? value) => value is { } v ? (Input<int>)v : null;

    private static InputMap<string> Labels(IReadOnlyDictionary<string, string> labels) => new Dictionary<string, string>(labels);
}
