using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// Ingress and egress of both workloads, allow-listed. Redis and Sentinel are reached only by the
/// redis pods and the HAProxy pods (and, on request, by Sentinel-aware clients); the endpoint by the
/// clients the options name; the metrics ports by the scrapers. Named after the workload they guard.
/// </summary>
internal static class NetworkPolicies
{
    private static readonly string[] BothDirections = ["Ingress", "Egress"];

    /// <summary>
    /// The init container shares the pod's network, so this also covers it resolving the announce
    /// names and asking the other pods' sentinels who the master is. A pod's connections to itself
    /// through its own announce Service need no rule: a pod can never be cut off from itself.
    /// </summary>
    public static V1NetworkPolicy Server(RedisHaSpec spec)
    {
        var options = spec.Options.NetworkPolicy;
        var servers = NetworkPolicyPeers.Pods(spec, Labels.ServerComponent);
        var proxies = NetworkPolicyPeers.Pods(spec, Labels.HaproxyComponent);
        List<V1NetworkPolicyIngressRule> ingress =
        [
            // Replication and Sentinel between the nodes; HAProxy's checks of both.
            new() { FromProperty = [servers, proxies], Ports = ServerPorts() },
        ];
        if (options.AllowSentinelClients)
            ingress.Add(new V1NetworkPolicyIngressRule { FromProperty = NetworkPolicyPeers.Clients(options), Ports = ServerPorts() });
        if (spec.Options.Metrics.Enabled)
            ingress.Add(new V1NetworkPolicyIngressRule { FromProperty = NetworkPolicyPeers.MetricsScrapers(options), Ports = [Tcp(RedisExporter.Port)] });
        return Create(spec, spec.Names.ServerStatefulSet, Labels.ServerComponent, ingress,
        [
            new() { To = [servers], Ports = ServerPorts() },
            Dns(),
        ]);
    }

    /// <summary>Clients reach the endpoint; HAProxy reaches the nodes' Redis and Sentinel to route and check.</summary>
    public static V1NetworkPolicy Haproxy(RedisHaSpec spec)
    {
        var options = spec.Options.NetworkPolicy;
        return Create(spec, spec.Names.HaproxyDeployment, Labels.HaproxyComponent,
        [
            // The read endpoint, when there is one, for the same clients as the endpoint.
            new()
            {
                FromProperty = NetworkPolicyPeers.Clients(options),
                Ports = [Tcp(RedisHaSpec.EndpointPort), .. spec.HasReadEndpoint ? [Tcp(RedisHaSpec.ReadEndpointPort)] : Array.Empty<V1NetworkPolicyPort>()],
            },
            // /metrics and /stats. The kubelet's probes of the stats page come from the node, which is always allowed.
            new() { FromProperty = NetworkPolicyPeers.MetricsScrapers(options), Ports = [Tcp(RedisHaSpec.HaproxyStatsPort)] },
        ],
        [
            new() { To = [NetworkPolicyPeers.Pods(spec, Labels.ServerComponent)], Ports = ServerPorts() },
            Dns(),
        ]);
    }

    /// <summary>The scripts and haproxy.sh resolve the announce Services' names (getent: UDP, TCP for large answers).</summary>
    private static V1NetworkPolicyEgressRule Dns() => new()
    {
        To = [NetworkPolicyPeers.ClusterDns()],
        Ports = [new V1NetworkPolicyPort { Port = 53, Protocol = "UDP" }, Tcp(53)],
    };

    private static List<V1NetworkPolicyPort> ServerPorts() => [Tcp(RedisHaSpec.RedisPort), Tcp(RedisHaSpec.SentinelPort)];

    private static V1NetworkPolicyPort Tcp(int port) => new() { Port = port, Protocol = "TCP" };

    private static V1NetworkPolicy Create(RedisHaSpec spec, string name, string component,
        List<V1NetworkPolicyIngressRule> ingress, List<V1NetworkPolicyEgressRule> egress) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = ObjectMetadata.For(spec, name, component),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(spec, component) },
            // Both listed, so the lists above are the whole allowance in each direction.
            PolicyTypes = BothDirections.ToList(),
            Ingress = ingress,
            Egress = egress,
        },
    };
}
