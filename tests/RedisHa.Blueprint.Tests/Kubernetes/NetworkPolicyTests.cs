using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class NetworkPolicyTests
{
    private static readonly Dictionary<string, string> ServerPods = new()
    {
        ["app.kubernetes.io/name"] = "redis-ha", ["app.kubernetes.io/instance"] = "redis-ha", ["app.kubernetes.io/component"] = "server",
    };

    private static readonly Dictionary<string, string> HaproxyPods = new()
    {
        ["app.kubernetes.io/name"] = "redis-ha", ["app.kubernetes.io/instance"] = "redis-ha", ["app.kubernetes.io/component"] = "haproxy",
    };

    private static V1NetworkPolicy Server(RedisHaOptions? options = null) => RenderedObjects.Of(options).Named<V1NetworkPolicy>("redis-ha-server");

    private static V1NetworkPolicy Haproxy(RedisHaOptions? options = null) => RenderedObjects.Of(options).Named<V1NetworkPolicy>("redis-ha-haproxy");

    private static string[] Ports(IEnumerable<V1NetworkPolicyPort> ports) => ports.Select(p => $"{p.Protocol}/{p.Port.Value}").ToArray();

    private static V1NetworkPolicyIngressRule IngressOn(V1NetworkPolicy policy, string port) => policy.Spec.Ingress.Single(r => Ports(r.Ports).Contains(port));

    [Fact]
    public void Default_render_guards_both_workloads_in_both_directions()
    {
        var objects = RenderedObjects.Of();

        var policies = objects.All.OfType<V1NetworkPolicy>().ToList();
        Assert.Equal(["redis-ha-server", "redis-ha-haproxy"], policies.Select(p => p.Metadata.Name));
        Assert.All(policies, p => Assert.Equal(["Ingress", "Egress"], p.Spec.PolicyTypes));
        Assert.Equal(ServerPods, policies[0].Spec.PodSelector.MatchLabels);
        Assert.Equal(HaproxyPods, policies[1].Spec.PodSelector.MatchLabels);
        // The policies select exactly the pods of the workloads they guard.
        Assert.Equal(objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels, policies[0].Spec.PodSelector.MatchLabels);
        Assert.Equal(objects.Single<V1Deployment>().Spec.Selector.MatchLabels, policies[1].Spec.PodSelector.MatchLabels);
    }

    [Fact]
    public void Redis_and_sentinel_take_connections_only_from_redis_and_haproxy_pods()
    {
        var policy = Server();

        var rule = Assert.Single(policy.Spec.Ingress);
        Assert.Equal(["TCP/6379", "TCP/26379"], Ports(rule.Ports));
        Assert.Equal([ServerPods, HaproxyPods], rule.FromProperty.Select(p => p.PodSelector.MatchLabels));
        Assert.All(rule.FromProperty, p => Assert.Null(p.NamespaceSelector));
    }

    [Fact]
    public void Redis_pods_reach_each_other_and_the_cluster_dns_only()
    {
        var egress = Server().Spec.Egress;

        Assert.Equal(2, egress.Count);
        Assert.Equal(["TCP/6379", "TCP/26379"], Ports(egress[0].Ports));
        Assert.Equal(ServerPods, Assert.Single(egress[0].To).PodSelector.MatchLabels);
        AssertDns(egress[1]);
    }

    [Fact]
    public void Haproxy_reaches_the_redis_pods_and_the_cluster_dns_only()
    {
        var egress = Haproxy().Spec.Egress;

        Assert.Equal(2, egress.Count);
        Assert.Equal(["TCP/6379", "TCP/26379"], Ports(egress[0].Ports));
        Assert.Equal(ServerPods, Assert.Single(egress[0].To).PodSelector.MatchLabels);
        AssertDns(egress[1]);
    }

    private static void AssertDns(V1NetworkPolicyEgressRule rule)
    {
        Assert.Equal(["UDP/53", "TCP/53"], Ports(rule.Ports));
        var peer = Assert.Single(rule.To);
        // Any namespace's cluster DNS pods: an empty namespace selector matches every namespace.
        Assert.NotNull(peer.NamespaceSelector);
        Assert.Null(peer.NamespaceSelector.MatchLabels);
        Assert.Null(peer.NamespaceSelector.MatchExpressions);
        Assert.Equal(new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, peer.PodSelector.MatchLabels);
    }

    [Fact]
    public void By_default_any_pod_of_any_namespace_reaches_the_endpoint_and_the_metrics()
    {
        var policy = Haproxy();

        Assert.Equal(2, policy.Spec.Ingress.Count);
        foreach (var port in new[] { "TCP/6379", "TCP/8404" })
        {
            var peer = Assert.Single(IngressOn(policy, port).FromProperty);
            // An empty namespace selector is every namespace; none at all would be the policy's own only.
            Assert.NotNull(peer.NamespaceSelector);
            Assert.Null(peer.NamespaceSelector.MatchLabels);
            Assert.Null(peer.NamespaceSelector.MatchExpressions);
            Assert.NotNull(peer.PodSelector);
            Assert.Null(peer.PodSelector.MatchLabels);
            Assert.Null(peer.PodSelector.MatchExpressions);
        }
    }

    [Fact]
    public void Named_namespaces_and_pod_labels_narrow_the_endpoints_clients()
    {
        var options = new RedisHaOptions
        {
            NetworkPolicy = new NetworkPolicyOptions
            {
                AllowedNamespaces = ["web", "jobs"],
                AllowedNamespaceLabels = new Dictionary<string, string> { ["team"] = "shop" },
                AllowedPodLabels = new Dictionary<string, string> { ["redis-client"] = "true" },
            },
        };

        var peers = IngressOn(Haproxy(options), "TCP/6379").FromProperty;

        Assert.Equal(2, peers.Count);
        var byName = Assert.Single(peers[0].NamespaceSelector.MatchExpressions);
        Assert.Equal("kubernetes.io/metadata.name", byName.Key);
        Assert.Equal("In", byName.OperatorProperty);
        Assert.Equal(["web", "jobs"], byName.Values);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "shop" }, peers[1].NamespaceSelector.MatchLabels);
        Assert.All(peers, p => Assert.Equal(new Dictionary<string, string> { ["redis-client"] = "true" }, p.PodSelector.MatchLabels));
    }

    [Fact]
    public void Pod_labels_alone_narrow_the_clients_of_every_namespace()
    {
        var options = new RedisHaOptions { NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = new Dictionary<string, string> { ["app"] = "shop" } } };

        var peer = Assert.Single(IngressOn(Haproxy(options), "TCP/6379").FromProperty);

        Assert.NotNull(peer.NamespaceSelector);
        Assert.Null(peer.NamespaceSelector.MatchLabels);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "shop" }, peer.PodSelector.MatchLabels);
    }

    [Fact]
    public void A_metrics_namespace_alone_reaches_the_metrics_ports()
    {
        var options = new RedisHaOptions
        {
            Metrics = new MetricsOptions { Enabled = true },
            NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = ["web"], MetricsNamespace = "monitoring" },
        };

        var objects = RenderedObjects.Of(options);

        foreach (var (policy, port) in new[] { (objects.Named<V1NetworkPolicy>("redis-ha-haproxy"), "TCP/8404"), (objects.Named<V1NetworkPolicy>("redis-ha-server"), "TCP/9121") })
        {
            var peer = Assert.Single(IngressOn(policy, port).FromProperty);
            Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring" }, peer.NamespaceSelector.MatchLabels);
            Assert.Null(peer.PodSelector);
        }
        // The clients' rule is untouched by the metrics namespace.
        Assert.Equal(["web"], Assert.Single(IngressOn(objects.Named<V1NetworkPolicy>("redis-ha-haproxy"), "TCP/6379").FromProperty).NamespaceSelector.MatchExpressions[0].Values);
    }

    [Fact]
    public void The_exporter_port_is_opened_only_with_metrics()
    {
        Assert.DoesNotContain(Server().Spec.Ingress, r => Ports(r.Ports).Contains("TCP/9121"));

        var rule = IngressOn(Server(new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true } }), "TCP/9121");

        Assert.Equal(["TCP/9121"], Ports(rule.Ports));
    }

    [Fact]
    public void Sentinel_aware_clients_reach_redis_and_sentinel_only_when_allowed()
    {
        var options = new RedisHaOptions { NetworkPolicy = new NetworkPolicyOptions { AllowSentinelClients = true, AllowedNamespaces = ["web"] } };

        var ingress = Server(options).Spec.Ingress;

        Assert.Equal(2, ingress.Count);
        Assert.Equal(["TCP/6379", "TCP/26379"], Ports(ingress[1].Ports));
        Assert.Equal(["web"], Assert.Single(ingress[1].FromProperty).NamespaceSelector.MatchExpressions[0].Values);
    }

    [Fact]
    public void Several_deployments_in_one_namespace_keep_apart()
    {
        var policy = RenderedObjects.Of(new RedisHaOptions { Name = "orders" }).Named<V1NetworkPolicy>("orders-server");

        Assert.All(policy.Spec.Ingress[0].FromProperty, p => Assert.Equal("orders", p.PodSelector.MatchLabels["app.kubernetes.io/instance"]));
        Assert.Equal("orders", policy.Spec.Egress[0].To[0].PodSelector.MatchLabels["app.kubernetes.io/instance"]);
    }

    [Fact]
    public void Every_port_a_pod_listens_on_is_covered_by_an_ingress_rule()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true } });

        foreach (var (pod, policy) in new[] { (objects.ServerPod(), "redis-ha-server"), (objects.HaproxyPod(), "redis-ha-haproxy") })
        {
            var open = objects.Named<V1NetworkPolicy>(policy).Spec.Ingress.SelectMany(r => Ports(r.Ports)).ToHashSet();
            Assert.All(pod.Containers.SelectMany(c => c.Ports ?? []), p => Assert.Contains($"TCP/{p.ContainerPort}", open));
        }
    }

    [Fact]
    public void Disabled_renders_no_policy()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { NetworkPolicy = new NetworkPolicyOptions { Enabled = false, AllowedNamespaces = ["web"] } });

        Assert.DoesNotContain(objects.All, o => o is V1NetworkPolicy);
    }
}
