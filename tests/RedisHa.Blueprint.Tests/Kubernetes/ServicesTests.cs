using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class ServicesTests
{
    [Fact]
    public void Default_has_one_announce_service_per_pod_selecting_exactly_that_pod()
    {
        var objects = RenderedObjects.Of();

        var announce = objects.All.OfType<V1Service>().Where(s => s.Metadata.Name.Contains("-announce-")).ToList();

        Assert.Equal(3, announce.Count);
        for (var i = 0; i < 3; i++)
        {
            var service = objects.Service($"redis-ha-announce-{i}");
            Assert.Equal(new Dictionary<string, string> { ["statefulset.kubernetes.io/pod-name"] = $"redis-ha-server-{i}" }, service.Spec.Selector);
            Assert.Equal("ClusterIP", service.Spec.Type);
            Assert.Null(service.Spec.ClusterIP);
            Assert.True(service.Spec.PublishNotReadyAddresses);
            Assert.Equal([6379, 26379], service.Spec.Ports.Select(p => p.Port));
        }
    }

    [Fact]
    public void Announce_services_follow_the_replicas()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Replicas = 5, Name = "cache" });

        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"cache-announce-{i}"),
            objects.All.OfType<V1Service>().Select(s => s.Metadata.Name).Where(n => n.Contains("-announce-")));
        Assert.Equal("cache-server-4", objects.Service("cache-announce-4").Spec.Selector["statefulset.kubernetes.io/pod-name"]);
    }

    [Fact]
    public void Announce_addresses_are_what_the_nodes_are_told()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Namespace = "shop" });

        var nodes = objects.ServerPod().Container("redis").Env("REDIS_HA_NODES")!.Value;

        Assert.Equal(
            "redis-ha-announce-0.shop.svc.cluster.local. redis-ha-announce-1.shop.svc.cluster.local. redis-ha-announce-2.shop.svc.cluster.local.",
            nodes);
    }

    [Fact]
    public void Node_addresses_are_fully_qualified_for_lookups_and_plain_everywhere_people_or_certificates_see_them()
    {
        var spec = RenderedObjects.Spec(new RedisHaOptions { Namespace = "shop", Tls = new TlsOptions { Enabled = true, SecretName = "tls" } });
        var objects = RedisHaBlueprint.Create(spec).Kubernetes;

        // With a trailing dot, the resolver asks for exactly this name (no search-list walk under ndots:5).
        Assert.All(spec.NodeHosts, h => Assert.EndsWith(".svc.cluster.local.", h));
        Assert.Equal(string.Join(' ', spec.NodeHosts), objects.HaproxyPod().Container("haproxy").Env("REDIS_HA_NODES")!.Value);
        Assert.All(spec.TlsDnsNames, n => Assert.False(n.EndsWith('.'), n));
        Assert.Contains("redis-ha-announce-0.shop.svc.cluster.local", spec.TlsDnsNames);
        Assert.Equal("redis-ha.shop.svc.cluster.local:6379", spec.Endpoint);
        Assert.Equal("redis-ha-sentinel.shop.svc.cluster.local:26379", spec.SentinelEndpoint);
    }

    [Fact]
    public void Headless_service_governs_the_stateful_set_and_publishes_unready_pods()
    {
        var objects = RenderedObjects.Of();

        var headless = objects.Service("redis-ha-headless");

        Assert.Equal("None", headless.Spec.ClusterIP);
        Assert.True(headless.Spec.PublishNotReadyAddresses);
        Assert.Equal(["redis", "sentinel"], headless.Spec.Ports.Select(p => p.Name));
        Assert.Equal(headless.Metadata.Name, objects.Single<V1StatefulSet>().Spec.ServiceName);
        Assert.Equal(objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels, headless.Spec.Selector);
    }

    [Fact]
    public void Sentinel_service_reaches_the_sentinels_of_the_server_pods()
    {
        var objects = RenderedObjects.Of();

        var sentinel = objects.Service("redis-ha-sentinel");

        Assert.Equal("ClusterIP", sentinel.Spec.Type);
        Assert.Equal(26379, Assert.Single(sentinel.Spec.Ports).Port);
        Assert.Equal(objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels, sentinel.Spec.Selector);
    }

    [Fact]
    public void Endpoint_service_is_named_after_the_deployment_and_routes_to_haproxy()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Name = "orders" });

        var endpoint = objects.Service("orders");
        var haproxyPods = objects.Single<V1Deployment>().Spec.Template.Metadata.Labels;

        Assert.Equal("ClusterIP", endpoint.Spec.Type);
        var port = Assert.Single(endpoint.Spec.Ports);
        Assert.Equal(6379, port.Port);
        Assert.Equal("redis", port.TargetPort.Value);
        Assert.Contains(objects.HaproxyPod().Container("haproxy").Ports, p => p.Name == "redis" && p.ContainerPort == 6379);
        Assert.All(endpoint.Spec.Selector, kv => Assert.Equal(kv.Value, haproxyPods[kv.Key]));
        Assert.Equal("haproxy", endpoint.Spec.Selector["app.kubernetes.io/component"]);
    }
}
