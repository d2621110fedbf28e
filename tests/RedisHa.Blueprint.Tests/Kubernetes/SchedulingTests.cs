using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>Where the pods may run: HAProxy's anti-affinity, its rollout under it, and the zone spread of both workloads.</summary>
public class SchedulingTests
{
    [Fact]
    public void Haproxy_spreads_softly_by_default_even_when_redis_spreads_hard()
    {
        var pod = RenderedObjects.Of(new RedisHaOptions { HardAntiAffinity = true }).HaproxyPod();

        Assert.Null(pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Single(pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
    }

    [Fact]
    public void Hard_haproxy_anti_affinity_requires_one_proxy_per_node()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { HardHaproxyAntiAffinity = true, HardAntiAffinity = false });

        var anti = objects.HaproxyPod().Affinity.PodAntiAffinity;
        var term = Assert.Single(anti.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Null(anti.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.Equal(objects.Single<V1Deployment>().Spec.Selector.MatchLabels, term.LabelSelector.MatchLabels);
        // The redis pods keep their own setting.
        Assert.Null(objects.ServerPod().Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
    }

    [Theory]
    [InlineData(false, 3, "0")]
    [InlineData(true, 3, "1")]
    [InlineData(true, 1, "0")]
    public void A_hard_spread_rollout_may_take_one_proxy_down_first_so_it_never_waits_for_a_free_node(bool hard, int replicas, string maxUnavailable)
    {
        var strategy = RenderedObjects.Of(new RedisHaOptions { HardHaproxyAntiAffinity = hard, HaproxyReplicas = replicas }).Single<V1Deployment>().Spec.Strategy;

        Assert.Equal(maxUnavailable, strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", strategy.RollingUpdate.MaxSurge.Value);
    }

    [Fact]
    public void No_zone_spread_by_default()
    {
        var objects = RenderedObjects.Of();

        Assert.Null(objects.ServerPod().TopologySpreadConstraints);
        Assert.Null(objects.HaproxyPod().TopologySpreadConstraints);
    }

    [Fact]
    public void Zone_spread_prefers_zones_for_both_workloads()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { TopologySpreadZones = true });

        foreach (var (pod, selector) in new[]
        {
            (objects.ServerPod(), objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels),
            (objects.HaproxyPod(), objects.Single<V1Deployment>().Spec.Selector.MatchLabels),
        })
        {
            var constraint = Assert.Single(pod.TopologySpreadConstraints);
            Assert.Equal("topology.kubernetes.io/zone", constraint.TopologyKey);
            Assert.Equal("ScheduleAnyway", constraint.WhenUnsatisfiable);
            Assert.Equal(1, constraint.MaxSkew);
            Assert.Equal(selector, constraint.LabelSelector.MatchLabels);
        }
    }
}
