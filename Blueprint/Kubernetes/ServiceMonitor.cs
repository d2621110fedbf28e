using k8s;
using k8s.Models;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The Prometheus operator's ServiceMonitor (monitoring.coreos.com/v1), reduced to the fields used
/// here. KubernetesClient has no model for custom resources; this one serializes through
/// <see cref="ManifestYaml"/> like the built-in kinds (property names become camelCase).
/// </summary>
[KubernetesEntity(Group = "monitoring.coreos.com", Kind = KubeKind, ApiVersion = "v1", PluralName = "servicemonitors")]
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "monitoring.coreos.com/v1";
    public const string KubeKind = "ServiceMonitor";

    public string ApiVersion { get; set; } = KubeApiVersion;
    public string Kind { get; set; } = KubeKind;
    public V1ObjectMeta Metadata { get; set; } = new();
    public ServiceMonitorSpec Spec { get; set; } = new();
}
