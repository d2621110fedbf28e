using k8s.Models;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The Pod Security Standard "restricted" for every pod and container. Nothing writes to an
/// image's file system: every write goes to a mounted volume, so root file systems are read-only.
/// </summary>
internal static class PodSecurity
{
    /// <summary>The redis user of the official redis images; the data files belong to it.</summary>
    public const long RedisUser = 999;
    /// <summary>The haproxy user of the official haproxy images.</summary>
    public const long HaproxyUser = 99;

    public static V1PodSecurityContext ForPod(long user) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user,
        RunAsGroup = user,
        // Mounted volumes (the data PVC above all) become writable by the group the containers run as.
        FsGroup = user,
        // Skips the recursive ownership change of a large data volume on every start once it is right.
        FsGroupChangePolicy = "OnRootMismatch",
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext ForContainer() => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
    };
}
