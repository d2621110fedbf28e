using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// ServiceMonitors for the Prometheus operator, one per metrics Service, named after the workload
/// they watch. Present only with <c>metrics.serviceMonitor</c>: applying one needs the operator's CRDs.
/// </summary>
internal static class ServiceMonitors
{
    public static ServiceMonitor Server(RedisHaSpec spec) => Create(spec, spec.Names.ServerStatefulSet, Labels.ServerComponent, RedisExporter.MetricsPath);

    public static ServiceMonitor Haproxy(RedisHaSpec spec) => Create(spec, spec.Names.HaproxyDeployment, Labels.HaproxyComponent, HaproxyDeployment.MetricsPath);

    private static ServiceMonitor Create(RedisHaSpec spec, string name, string component, string path)
    {
        var metadata = ObjectMetadata.For(spec, name, component);
        // The labels a Prometheus' serviceMonitorSelector looks for; validation keeps them off ours.
        foreach (var (key, value) in spec.Options.Metrics.ServiceMonitorLabels) metadata.Labels[key] = value;
        return new ServiceMonitor
        {
            Metadata = metadata,
            Spec = new ServiceMonitorSpec
            {
                Selector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string>(Labels.Selector(spec, component)) { [Labels.MetricsService] = Labels.MetricsServiceValue },
                },
                NamespaceSelector = new ServiceMonitorNamespaceSelector { MatchNames = [spec.Namespace] },
                Endpoints = [new ServiceMonitorEndpoint { Port = MetricsServices.PortName, Path = path }],
            },
        };
    }
}
