namespace RedisHa.Blueprint.Kubernetes;

/// <summary>One scraped port of the selected Services; an unset field keeps the Prometheus operator's default.</summary>
public sealed class ServiceMonitorEndpoint
{
    /// <summary>The Service port's name.</summary>
    public string? Port { get; set; }
    public string? Path { get; set; }
}
