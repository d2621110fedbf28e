using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// One container to run, as the kubelet would: the spec's container and the pod's security context,
/// the environment already resolved (plain values and valueFrom), and where each volume of the pod
/// lies on this machine (volume name → folder or file; see <see cref="PodVolumes"/>).
/// </summary>
public sealed record ContainerRequest(
    string Id,
    PodSandbox Sandbox,
    V1Container Container,
    V1PodSecurityContext? PodSecurityContext,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyDictionary<string, string> Volumes,
    IReadOnlyList<PodFile> PodFiles,
    string BundleDirectory,
    string LogFile);

/// <summary>A file the kubelet writes for every container (/etc/hosts, /etc/resolv.conf, /etc/hostname), bound read-only.</summary>
public sealed record PodFile(string Source, string Destination);
