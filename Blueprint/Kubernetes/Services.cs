using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The Services: node identities (headless, announce), Sentinel for Sentinel-aware clients, and the one endpoint.</summary>
internal static class Services
{
    public const string RedisPortName = "redis";
    public const string SentinelPortName = "sentinel";
    public const string ReadPortName = "redis-read";

    /// <summary>The StatefulSet's governing Service: gives each pod a DNS name, ready or not.</summary>
    public static V1Service Headless(RedisHaSpec spec) => Create(spec, spec.Names.HeadlessService, Labels.ServerComponent, new V1ServiceSpec
    {
        ClusterIP = "None",
        PublishNotReadyAddresses = true,
        Selector = Labels.Selector(spec, Labels.ServerComponent),
        Ports = [RedisPort(), SentinelPort()],
    });

    /// <summary>
    /// One per pod: a ClusterIP that outlives the pod's IP, announced by Redis and Sentinel as the
    /// node's address. Not-ready addresses are published because a replica that is still syncing
    /// (not ready) must be reachable by its master and the sentinels.
    /// </summary>
    public static V1Service Announce(RedisHaSpec spec, int ordinal) => Create(spec, spec.Names.AnnounceService(ordinal), Labels.ServerComponent, new V1ServiceSpec
    {
        Type = "ClusterIP",
        PublishNotReadyAddresses = true,
        Selector = new Dictionary<string, string> { [Labels.StatefulSetPodName] = spec.Names.Pod(ordinal) },
        Ports = [RedisPort(), SentinelPort()],
    });

    public static V1Service Sentinel(RedisHaSpec spec) => Create(spec, spec.Names.SentinelService, Labels.ServerComponent, new V1ServiceSpec
    {
        Type = "ClusterIP",
        Selector = Labels.Selector(spec, Labels.ServerComponent),
        Ports = [SentinelPort()],
    });

    /// <summary>The single endpoint: every connection goes through HAProxy to the approved master.</summary>
    public static V1Service Endpoint(RedisHaSpec spec) => Create(spec, spec.Names.EndpointService, Labels.HaproxyComponent, new V1ServiceSpec
    {
        Type = "ClusterIP",
        Selector = Labels.Selector(spec, Labels.HaproxyComponent),
        Ports = [new V1ServicePort { Name = RedisPortName, Port = RedisHaSpec.EndpointPort, TargetPort = RedisPortName, Protocol = "TCP" }],
    });

    /// <summary>The read endpoint: HAProxy's second port, which spreads connections over in-sync replicas.</summary>
    public static V1Service ReadEndpoint(RedisHaSpec spec) => Create(spec, spec.Names.ReadEndpointService, Labels.HaproxyComponent, new V1ServiceSpec
    {
        Type = "ClusterIP",
        Selector = Labels.Selector(spec, Labels.HaproxyComponent),
        Ports = [new V1ServicePort { Name = ReadPortName, Port = RedisHaSpec.ReadEndpointPort, TargetPort = ReadPortName, Protocol = "TCP" }],
    });

    private static V1ServicePort RedisPort() =>
        new() { Name = RedisPortName, Port = RedisHaSpec.RedisPort, TargetPort = RedisHaSpec.RedisPort, Protocol = "TCP" };

    private static V1ServicePort SentinelPort() =>
        new() { Name = SentinelPortName, Port = RedisHaSpec.SentinelPort, TargetPort = RedisHaSpec.SentinelPort, Protocol = "TCP" };

    private static V1Service Create(RedisHaSpec spec, string name, string component, V1ServiceSpec serviceSpec) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = ObjectMetadata.For(spec, name, component),
        Spec = serviceSpec,
    };
}
