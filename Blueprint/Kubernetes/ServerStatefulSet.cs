using k8s.Models;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The redis+sentinel pods: one StatefulSet, a stable name and data volume per node.</summary>
internal static class ServerStatefulSet
{
    public static V1StatefulSet Create(RedisHaSpec spec, ConfigMapNames configMaps, ConfigFiles files, IReadOnlyDictionary<string, string> scripts)
    {
        var selector = Labels.Selector(spec, Labels.ServerComponent);
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = ObjectMetadata.For(spec, spec.Names.ServerStatefulSet, Labels.ServerComponent),
            Spec = new V1StatefulSetSpec
            {
                Replicas = spec.Replicas,
                ServiceName = spec.Names.HeadlessService,
                // All pods start together: init.sh asks the sentinels and applies the bootstrap rule
                // itself, so ordered start-up would only slow down a restart of the whole set.
                PodManagementPolicy = "Parallel",
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Labels.Common(spec, Labels.ServerComponent),
                        Annotations = new Dictionary<string, string>
                        {
                            [ConfigChecksum.Annotation] = ConfigChecksum.Of(files.ServerFiles, scripts),
                        },
                    },
                    Spec = PodSpec(spec, configMaps, selector),
                },
                VolumeClaimTemplates = spec.Options.Persistence.Enabled ? [ServerVolumes.DataClaimTemplate(spec)] : null,
            },
        };
    }

    private static V1PodSpec PodSpec(RedisHaSpec spec, ConfigMapNames configMaps, Dictionary<string, string> selector) => new()
    {
        ServiceAccountName = spec.Names.ServiceAccount,
        // The pods never talk to the Kubernetes API.
        AutomountServiceAccountToken = false,
        // Service links would put variables such as REDIS_HA_SENTINEL_PORT=tcp://… (from the
        // Service redis-ha-sentinel) into the environment, next to the scripts' own variables.
        EnableServiceLinks = false,
        // One process namespace for the pod, so PID 1 is the pause container, which reaps every
        // orphan. Otherwise PID 1 of the redis container is redis-server (after exec), which never
        // reaps a child it did not start: any process that a probe or hook leaves behind (busybox
        // timeout's watchdog, a command killed by the probe's timeout) would stay a zombie until
        // the container restarts. Allowed by Pod Security "restricted". The cost: containers see
        // each other's processes and, being one user (the pod's runAsUser), their environments;
        // every container of this pod is given the password from the Secret anyway.
        ShareProcessNamespace = true,
        // Kubernetes must not kill a pod while its pre-stop hook still hands the master role over.
        TerminationGracePeriodSeconds = spec.Timings.TerminationGracePeriodSeconds,
        SecurityContext = PodSecurity.ForPod(PodSecurity.RedisUser),
        Affinity = AntiAffinity.OnePerNode(selector, spec.Options.HardAntiAffinity),
        TopologySpreadConstraints = ZoneSpread.For(spec, selector),
        InitContainers = [ServerContainers.Init(spec)],
        Containers =
        [
            ServerContainers.Redis(spec), ServerContainers.Sentinel(spec), ServerContainers.Watcher(spec),
            .. spec.Options.Metrics.Enabled ? [RedisExporter.Container(spec)] : Array.Empty<V1Container>(),
        ],
        Volumes = ServerVolumes.Volumes(spec, configMaps),
    };
}
