namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The namespaces a <see cref="ServiceMonitor"/> looks for Services in.</summary>
public sealed class ServiceMonitorNamespaceSelector
{
    public List<string> MatchNames { get; set; } = [];
}
