namespace RedisHa.Blueprint.Options;

/// <summary>
/// Prometheus metrics. HAProxy always serves its own on the stats port; these options add a
/// redis_exporter beside every Redis, Services to scrape both, and ServiceMonitors for the
/// Prometheus operator.
/// </summary>
public sealed record MetricsOptions
{
    public bool Enabled { get; init; }
    public string ExporterImage { get; init; } = "oliver006/redis_exporter:v1.62.0";
    /// <summary>ServiceMonitor objects (monitoring.coreos.com/v1); the cluster needs the Prometheus operator's CRDs.</summary>
    public bool ServiceMonitor { get; init; }
    /// <summary>
    /// Extra labels on the ServiceMonitors: a Prometheus picks up only those its serviceMonitorSelector
    /// matches (kube-prometheus-stack's wants <c>release: &lt;its release name&gt;</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceMonitorLabels { get; init; } = ValueEquality.NoLabels;

    public bool Equals(MetricsOptions? other) =>
        other is not null
        && Enabled == other.Enabled
        && ExporterImage == other.ExporterImage
        && ServiceMonitor == other.ServiceMonitor
        && ValueEquality.Equal(ServiceMonitorLabels, other.ServiceMonitorLabels);

    public override int GetHashCode() => HashCode.Combine(Enabled, ExporterImage, ServiceMonitor, ValueEquality.Hash(ServiceMonitorLabels));
}
