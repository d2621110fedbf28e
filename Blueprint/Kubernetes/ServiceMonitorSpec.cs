using k8s.Models;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>Which Services a <see cref="ServiceMonitor"/> scrapes, and how.</summary>
public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();
    public ServiceMonitorNamespaceSelector NamespaceSelector { get; set; } = new();
    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}
