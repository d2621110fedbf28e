using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// What Prometheus scrapes, when metrics are enabled: one Service per workload with a single port
/// named <see cref="PortName"/>. Separate from the endpoint Service, which carries client traffic
/// only: its ClusterIP would hand each scrape to one proxy at random, and its address is what the
/// network policy opens to clients, not to scrapers.
/// </summary>
internal static class MetricsServices
{
    public const string PortName = "metrics";

    public static string ServerName(RedisHaSpec spec) => $"{spec.Names.ServerStatefulSet}-metrics";
    public static string HaproxyName(RedisHaSpec spec) => $"{spec.Names.HaproxyDeployment}-metrics";

    /// <summary>The redis_exporter beside every Redis.</summary>
    public static V1Service Server(RedisHaSpec spec) =>
        Create(spec, ServerName(spec), Labels.ServerComponent, RedisExporter.Port, RedisExporter.PortName);

    /// <summary>HAProxy's built-in Prometheus exporter, on its stats port (<c>/metrics</c>).</summary>
    public static V1Service Haproxy(RedisHaSpec spec) =>
        Create(spec, HaproxyName(spec), Labels.HaproxyComponent, RedisHaSpec.HaproxyStatsPort, HaproxyDeployment.StatsPortName);

    private static V1Service Create(RedisHaSpec spec, string name, string component, int port, string targetPortName)
    {
        var metadata = ObjectMetadata.For(spec, name, component);
        metadata.Labels[Labels.MetricsService] = Labels.MetricsServiceValue;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = metadata,
            Spec = new V1ServiceSpec
            {
                // Headless: every pod is a target of its own.
                ClusterIP = "None",
                // A replica still syncing or a proxy failing its probe is just when its metrics matter.
                PublishNotReadyAddresses = true,
                Selector = Labels.Selector(spec, component),
                Ports = [new V1ServicePort { Name = PortName, Port = port, TargetPort = targetPortName, Protocol = "TCP" }],
            },
        };
    }
}
