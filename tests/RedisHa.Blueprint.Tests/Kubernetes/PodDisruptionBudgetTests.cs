using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class PodDisruptionBudgetTests
{
    [Fact]
    public void Default_render_lets_a_drain_take_one_redis_pod_and_keeps_one_proxy()
    {
        var objects = RenderedObjects.Of();

        var server = objects.Named<V1PodDisruptionBudget>("redis-ha-server");
        var haproxy = objects.Named<V1PodDisruptionBudget>("redis-ha-haproxy");

        Assert.Equal("policy/v1", server.ApiVersion);
        Assert.Equal("1", server.Spec.MaxUnavailable.Value);
        Assert.Null(server.Spec.MinAvailable);
        Assert.Equal(objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels, server.Spec.Selector.MatchLabels);
        // A not-ready redis pod still runs a voting sentinel: the default, guarded eviction stays.
        Assert.Null(server.Spec.UnhealthyPodEvictionPolicy);

        Assert.Equal("1", haproxy.Spec.MinAvailable.Value);
        Assert.Null(haproxy.Spec.MaxUnavailable);
        Assert.Equal(objects.Single<V1Deployment>().Spec.Selector.MatchLabels, haproxy.Spec.Selector.MatchLabels);
        Assert.Equal("AlwaysAllow", haproxy.Spec.UnhealthyPodEvictionPolicy);
    }

    [Fact]
    public void A_single_proxy_gets_no_budget_that_would_block_every_drain()
    {
        var budgets = RenderedObjects.Of(new RedisHaOptions { HaproxyReplicas = 1 }).All.OfType<V1PodDisruptionBudget>();

        Assert.Equal(["redis-ha-server"], budgets.Select(b => b.Metadata.Name));
    }

    [Fact]
    public void Disabled_renders_no_budget()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { PodDisruptionBudget = false });

        Assert.DoesNotContain(objects.All, o => o is V1PodDisruptionBudget);
    }
}
