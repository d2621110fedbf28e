using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class HaproxyDeploymentTests
{
    [Fact]
    public void Deployment_rolls_without_losing_a_proxy_and_spreads_softly()
    {
        var deployment = RenderedObjects.Of(new RedisHaOptions { HaproxyReplicas = 2, HardAntiAffinity = true }).Single<V1Deployment>();

        Assert.Equal("redis-ha-haproxy", deployment.Metadata.Name);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        var anti = deployment.Spec.Template.Spec.Affinity.PodAntiAffinity;
        Assert.Null(anti.RequiredDuringSchedulingIgnoredDuringExecution);
        var preferred = Assert.Single(anti.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", preferred.PodAffinityTerm.TopologyKey);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, preferred.PodAffinityTerm.LabelSelector.MatchLabels);
        Assert.All(deployment.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, deployment.Spec.Template.Metadata.Labels[kv.Key]));
    }

    [Fact]
    public void Container_runs_the_start_script_with_the_haproxy_image()
    {
        var pod = RenderedObjects.Of(new RedisHaOptions { HaproxyImage = "haproxy:3.0-alpine" }).HaproxyPod();

        var container = Assert.Single(pod.Containers);
        Assert.Null(pod.InitContainers);
        Assert.Equal("haproxy:3.0-alpine", container.Image);
        Assert.Equal(["sh", "/opt/redis-ha/haproxy.sh"], container.Command);
        Assert.Equal("0.0.0.0", container.Env("REDIS_HA_PROXY_BIND")!.Value);
        Assert.Equal("0.0.0.0", container.Env("REDIS_HA_PROXY_STATS_BIND")!.Value);
        Assert.Equal("/usr/local/etc/haproxy", container.Env("REDIS_HA_PROXY_CONFIG_DIR")!.Value);
        Assert.Null(container.Env("REDIS_HA_POD_NAME"));
        Assert.Equal("redis-ha", pod.ServiceAccountName);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(pod.EnableServiceLinks);
    }

    [Fact]
    public void Mounts_its_config_the_scripts_and_a_writable_run_dir()
    {
        var pod = RenderedObjects.Of().HaproxyPod();
        var container = pod.Container("haproxy");

        var mounts = container.VolumeMounts.ToDictionary(m => m.MountPath);
        Assert.Equal(3, mounts.Count);
        Assert.Matches("^redis-ha-haproxy-[0-9a-f]{10}$", pod.Volumes.Single(v => v.Name == mounts["/usr/local/etc/haproxy"].Name).ConfigMap.Name);
        Assert.Matches("^redis-ha-haproxy-scripts-[0-9a-f]{10}$", pod.Volumes.Single(v => v.Name == mounts["/opt/redis-ha"].Name).ConfigMap.Name);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == mounts["/var/run/haproxy"].Name).EmptyDir);
        Assert.NotEqual(true, mounts["/var/run/haproxy"].ReadOnlyProperty);
    }

    [Fact]
    public void Exposes_redis_and_stats_and_probes_stats()
    {
        var container = RenderedObjects.Of().HaproxyPod().Container("haproxy");

        Assert.Equal(new Dictionary<string, int> { ["redis"] = 6379, ["stats"] = 8404 }, container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort));
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
        {
            Assert.Equal("/stats", probe.HttpGet.Path);
            Assert.Equal("stats", probe.HttpGet.Port.Value);
        }
    }

    [Fact]
    public void Resources_come_from_the_haproxy_options()
    {
        var container = RenderedObjects.Of(new RedisHaOptions { Resources = new ResourcesOptions { Haproxy = new ContainerResources("75m", null, "1", null) } })
            .HaproxyPod().Container("haproxy");

        Assert.Equal(["cpu"], container.Resources.Requests.Keys);
        Assert.Equal("75m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("1", container.Resources.Limits["cpu"].ToString());
    }

    [Fact]
    public void Checksum_follows_the_haproxy_files_only()
    {
        static string Checksum(RedisHaOptions options) => RenderedObjects.Of(options).Single<V1Deployment>().Spec.Template.Checksum();
        var before = Checksum(new RedisHaOptions());

        Assert.Matches("^[0-9a-f]{64}$", before);
        Assert.Equal(before, Checksum(new RedisHaOptions()));
        // maxMemory is in redis.conf only: the proxies need not restart for it.
        Assert.Equal(before, Checksum(new RedisHaOptions { MaxMemory = "256mb" }));
        Assert.NotEqual(before, Checksum(new RedisHaOptions { HaproxyCheckIntervalMilliseconds = 700 }));
    }
}
