using k8s.Models;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The HAProxy pods behind the endpoint Service. Stateless: any number of them route to the same
/// approved master, so the endpoint survives the loss of any one.
/// </summary>
internal static class HaproxyDeployment
{
    public const string ContainerName = "haproxy";
    public const string StatsPortName = "stats";
    public const string StatsPath = "/stats";
    /// <summary>HAProxy's built-in Prometheus exporter, on the stats port (haproxy.cfg).</summary>
    public const string MetricsPath = "/metrics";
    private const string ConfigVolume = "config";
    private const string ScriptsVolume = "scripts";
    private const string RunVolume = "run";

    public static V1Deployment Create(RedisHaSpec spec, ConfigMapNames configMaps, ConfigFiles files, IReadOnlyDictionary<string, string> scripts)
    {
        var selector = Labels.Selector(spec, Labels.HaproxyComponent);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ObjectMetadata.For(spec, spec.Names.HaproxyDeployment, Labels.HaproxyComponent),
            Spec = new V1DeploymentSpec
            {
                Replicas = spec.Options.HaproxyReplicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = MaxUnavailable(spec), MaxSurge = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Labels.Common(spec, Labels.HaproxyComponent),
                        Annotations = new Dictionary<string, string>
                        {
                            [ConfigChecksum.Annotation] = ConfigChecksum.Of(files.HaproxyFiles, ConfigMapNames.HaproxyScriptFiles(scripts)),
                        },
                    },
                    Spec = PodSpec(spec, configMaps, selector),
                },
            },
        };
    }

    /// <summary>
    /// Normally a new proxy is up before an old one goes, so the endpoint never loses capacity. With
    /// required anti-affinity and as many nodes as proxies, though, the extra pod finds no node and the
    /// rollout would wait forever; letting one old proxy go first frees a node. A single proxy keeps
    /// 0: with it gone there would be no endpoint at all, and any second node takes the new one.
    /// </summary>
    private static int MaxUnavailable(RedisHaSpec spec) =>
        spec.Options.HardHaproxyAntiAffinity && spec.Options.HaproxyReplicas > 1 ? 1 : 0;

    private static V1PodSpec PodSpec(RedisHaSpec spec, ConfigMapNames configMaps, Dictionary<string, string> selector) => new()
    {
        ServiceAccountName = spec.Names.ServiceAccount,
        AutomountServiceAccountToken = false,
        // Service links would add REDIS_HA_SENTINEL_PORT=tcp://… and the like, which common.sh reads as its own.
        EnableServiceLinks = false,
        SecurityContext = PodSecurity.ForPod(PodSecurity.HaproxyUser),
        // Soft by default: more proxies than nodes is fine, they are interchangeable.
        Affinity = AntiAffinity.OnePerNode(selector, spec.Options.HardHaproxyAntiAffinity),
        TopologySpreadConstraints = ZoneSpread.For(spec, selector),
        Containers = [Container(spec)],
        Volumes =
        [
            new() { Name = ConfigVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = configMaps.Haproxy } },
            new() { Name = ScriptsVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = configMaps.HaproxyScripts, DefaultMode = ServerVolumes.ScriptsMode } },
            // The admin socket: the only thing HAProxy writes.
            new() { Name = RunVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            .. spec.Tls ? [TlsVolume.Volume(spec)] : Array.Empty<V1Volume>(),
        ],
    };

    private static V1Container Container(RedisHaSpec spec) => new()
    {
        Name = ContainerName,
        Image = spec.Options.HaproxyImage,
        // Resolves the nodes' addresses into the environment haproxy.cfg reads, then becomes haproxy.
        Command = ScriptCommand.Run("haproxy.sh"),
        Env = ContainerEnvironment.ForHaproxy(spec),
        Ports =
        [
            new V1ContainerPort { Name = Services.RedisPortName, ContainerPort = RedisHaSpec.EndpointPort, Protocol = "TCP" },
            .. spec.HasReadEndpoint
                ? [new V1ContainerPort { Name = Services.ReadPortName, ContainerPort = RedisHaSpec.ReadEndpointPort, Protocol = "TCP" }]
                : Array.Empty<V1ContainerPort>(),
            // /stats for people, /metrics for Prometheus.
            new V1ContainerPort { Name = StatsPortName, ContainerPort = RedisHaSpec.HaproxyStatsPort, Protocol = "TCP" },
        ],
        // Checks that HAProxy runs, not that a master is approved: with no master every proxy
        // refuses connections alike, and restarting or unlisting them would not help.
        ReadinessProbe = StatsProbe(periodSeconds: 5, failureThreshold: 2),
        LivenessProbe = StatsProbe(periodSeconds: 10, failureThreshold: 3),
        Resources = ContainerResourceRequirements.From(spec.Options.Resources.Haproxy),
        VolumeMounts =
        [
            new() { Name = ConfigVolume, MountPath = NodePaths.HaproxyConfigDir, ReadOnlyProperty = true },
            new() { Name = ScriptsVolume, MountPath = NodePaths.ScriptsDir, ReadOnlyProperty = true },
            new() { Name = RunVolume, MountPath = NodePaths.HaproxyRunDir },
            .. spec.Tls ? [TlsVolume.Mount()] : Array.Empty<V1VolumeMount>(),
        ],
        SecurityContext = PodSecurity.ForContainer(),
    };

    private static V1Probe StatsProbe(int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = StatsPath, Port = StatsPortName },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
    };
}
