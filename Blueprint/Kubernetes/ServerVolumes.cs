using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The volumes of a redis+sentinel pod and where every container mounts them (all containers see the same paths).</summary>
internal static class ServerVolumes
{
    public const string Config = "config";
    public const string Scripts = "scripts";
    public const string Run = "run";
    /// <summary>Also the name of the volume claim template, hence of each pod's PVC (data-{pod}).</summary>
    public const string Data = "data";

    /// <summary>
    /// r-xr-xr-x. The containers run every script through sh (the command is [sh, script], and
    /// redis.sh and sentinel.sh call `sh init.sh`), so reading would do; the execute bit lets an
    /// operator run one by hand (`kubectl exec POD -- /opt/redis-ha/readiness.sh`). Nothing writes.
    /// </summary>
    public const int ScriptsMode = 0b101_101_101;

    /// <summary>The runtime configs hold the password and a few kilobytes of text.</summary>
    public const string RunSizeLimit = "16Mi";

    public static List<V1VolumeMount> Mounts(RedisHaSpec spec) =>
    [
        new() { Name = Config, MountPath = NodePaths.ConfigDir, ReadOnlyProperty = true },
        new() { Name = Scripts, MountPath = NodePaths.ScriptsDir, ReadOnlyProperty = true },
        new() { Name = Run, MountPath = NodePaths.RunDir },
        new() { Name = Data, MountPath = NodePaths.DataDir },
        .. spec.Tls ? [TlsVolume.Mount()] : Array.Empty<V1VolumeMount>(),
    ];

    public static List<V1Volume> Volumes(RedisHaSpec spec, ConfigMapNames configMaps)
    {
        List<V1Volume> volumes =
        [
            new() { Name = Config, ConfigMap = new V1ConfigMapVolumeSource { Name = configMaps.Server } },
            new() { Name = Scripts, ConfigMap = new V1ConfigMapVolumeSource { Name = configMaps.Scripts, DefaultMode = ScriptsMode } },
            // In memory: the runtime configs carry the password, which must never reach a disk.
            new() { Name = Run, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(RunSizeLimit) } },
        ];
        // With persistence the data volume comes from the claim template instead.
        if (!spec.Options.Persistence.Enabled) volumes.Add(new V1Volume { Name = Data, EmptyDir = new V1EmptyDirVolumeSource() });
        if (spec.Tls) volumes.Add(TlsVolume.Volume(spec));
        return volumes;
    }

    /// <summary>The template of each pod's own ReadWriteOnce claim, used when persistence is enabled.</summary>
    public static V1PersistentVolumeClaim DataClaimTemplate(RedisHaSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = Data, Labels = Labels.Common(spec, Labels.ServerComponent) },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            // Null leaves the field out, so the cluster's default StorageClass applies.
            StorageClassName = spec.Options.Persistence.StorageClass,
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(spec.Options.Persistence.Size) },
            },
        },
    };
}
