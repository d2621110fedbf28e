using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>The read endpoint's Kubernetes side: HAProxy's second port, its Service, and the clients' network access.</summary>
public class ReadEndpointObjectsTests
{
    private static readonly RedisHaOptions WithRead = new() { ReadEndpoint = new ReadEndpointOptions { Enabled = true } };

    private static string[] Ports(IEnumerable<V1NetworkPolicyPort> ports) => ports.Select(p => $"{p.Protocol}/{p.Port.Value}").ToArray();

    [Fact]
    public void Off_by_default_no_service_no_port_no_address()
    {
        var objects = RenderedObjects.Of();

        Assert.DoesNotContain(objects.All.OfType<V1Service>(), s => s.Metadata.Name == "redis-ha-read");
        Assert.DoesNotContain(objects.HaproxyPod().Containers.Single().Ports, p => p.ContainerPort == 6380);
        Assert.Null(RenderedObjects.Spec().ReadEndpoint);
    }

    [Fact]
    public void The_read_service_sends_6380_to_the_haproxy_pods()
    {
        var objects = RenderedObjects.Of(WithRead);

        var service = objects.Service("redis-ha-read");
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Equal(objects.Single<V1Deployment>().Spec.Selector.MatchLabels, service.Spec.Selector);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(("redis-read", 6380, "redis-read", "TCP"), (port.Name, port.Port, port.TargetPort.Value, port.Protocol));
        var containerPort = Assert.Single(objects.HaproxyPod().Containers.Single().Ports, p => p.Name == "redis-read");
        Assert.Equal(6380, containerPort.ContainerPort);
    }

    [Fact]
    public void The_read_service_comes_right_after_the_endpoint()
    {
        var names = RenderedObjects.Of(WithRead).All.OfType<V1Service>().Select(s => s.Metadata.Name).ToList();

        Assert.Equal(names.IndexOf("redis-ha") + 1, names.IndexOf("redis-ha-read"));
    }

    [Fact]
    public void Its_address_is_the_read_services_name_on_6380()
    {
        var spec = RenderedObjects.Spec(WithRead with { Namespace = "cache", ClusterDomain = "example.internal" });

        Assert.Equal("redis-ha-read.cache.svc.example.internal:6380", spec.ReadEndpoint);
        Assert.Equal("redis-ha.cache.svc.example.internal:6379", spec.Endpoint);
    }

    [Fact]
    public void The_same_clients_that_may_use_the_endpoint_may_use_the_read_endpoint()
    {
        var options = WithRead with { NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = ["web"], AllowedPodLabels = new Dictionary<string, string> { ["role"] = "api" } } };
        var policy = RenderedObjects.Of(options).Named<V1NetworkPolicy>("redis-ha-haproxy");

        var rule = Assert.Single(policy.Spec.Ingress, r => Ports(r.Ports).Contains("TCP/6379"));
        Assert.Equal(["TCP/6379", "TCP/6380"], Ports(rule.Ports));
        Assert.Equal("web", Assert.Single(rule.FromProperty).NamespaceSelector.MatchExpressions.Single().Values.Single());
        // Without the read endpoint, 6380 stays closed.
        var closed = RenderedObjects.Of(options with { ReadEndpoint = new ReadEndpointOptions() }).Named<V1NetworkPolicy>("redis-ha-haproxy");
        Assert.DoesNotContain(closed.Spec.Ingress.SelectMany(r => Ports(r.Ports)), p => p == "TCP/6380");
    }

    [Fact]
    public void Redis_and_sentinel_ports_are_untouched()
    {
        var policy = RenderedObjects.Of(WithRead).Named<V1NetworkPolicy>("redis-ha-server");

        Assert.DoesNotContain(policy.Spec.Ingress.SelectMany(r => Ports(r.Ports)), p => p == "TCP/6380");
    }
}
