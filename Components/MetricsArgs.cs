using Pulumi;

namespace RedisHa.Components;

/// <summary>The <c>metrics</c> input: Prometheus metrics. An unset input takes the Blueprint's default.</summary>
public sealed class MetricsArgs : ResourceArgs
{
    /// <summary>A redis_exporter beside every Redis and a metrics Service for it and for HAProxy (whose /metrics is always on).</summary>
    [Input("enabled")]
    public Input<bool>? Enabled { get; set; }

    /// <summary>Image of redis_exporter.</summary>
    [Input("exporterImage")]
    public Input<string>? ExporterImage { get; set; }

    /// <summary>ServiceMonitors for the Prometheus operator; needs enabled and the operator's CRDs.</summary>
    [Input("serviceMonitor")]
    public Input<bool>? ServiceMonitor { get; set; }

    /// <summary>Labels on the ServiceMonitors, those your Prometheus' serviceMonitorSelector wants.</summary>
    [Input("serviceMonitorLabels")]
    public InputMap<string>? ServiceMonitorLabels { get; set; }
}
