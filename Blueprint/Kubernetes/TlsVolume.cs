using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The TLS Secret as a volume, in the redis+sentinel pods and the HAProxy pods, at the same path.
/// </summary>
internal static class TlsVolume
{
    public const string Name = "tls";
    public const string CertificateKey = "tls.crt";
    public const string PrivateKeyKey = "tls.key";
    public const string CaKey = "ca.crt";

    /// <summary>
    /// r--------. With the pod's fsGroup the kubelet adds group read and gives the files to that
    /// group, so they end up 0440 root:999 (redis) or root:99 (haproxy): readable by the containers' user,
    /// by nobody else.
    /// </summary>
    public const int Mode = 0b100_000_000;

    /// <summary>
    /// The three keys are listed, so a Secret without ca.crt (one not made by cert-manager's CA or
    /// Vault issuers, say) stops the pod at mount time with an event naming the missing key,
    /// instead of letting Redis fail to start later.
    /// </summary>
    public static V1Volume Volume(RedisHaSpec spec) => new()
    {
        Name = Name,
        Secret = new V1SecretVolumeSource
        {
            SecretName = spec.Options.Tls.SecretName,
            DefaultMode = Mode,
            Items = [Item(CertificateKey), Item(PrivateKeyKey), Item(CaKey)],
        },
    };

    public static V1VolumeMount Mount() => new() { Name = Name, MountPath = NodePaths.TlsDir, ReadOnlyProperty = true };

    private static V1KeyToPath Item(string key) => new() { Key = key, Path = key };
}
