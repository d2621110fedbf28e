using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>The Pod Security Standard "restricted", checked on every pod and container the Blueprint makes.</summary>
public class PodSecurityTests
{
    public static TheoryData<RedisHaOptions> Variants => new()
    {
        new RedisHaOptions(),
        new RedisHaOptions { Auth = false, HardAntiAffinity = false, Persistence = new PersistenceOptions { Enabled = false } },
        new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true }, HardHaproxyAntiAffinity = true, TopologySpreadZones = true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_pod_runs_as_non_root_with_the_default_seccomp_profile(RedisHaOptions options)
    {
        var objects = RenderedObjects.Of(options);

        foreach (var (pod, user) in new[] { (objects.ServerPod(), 999L), (objects.HaproxyPod(), 99L) })
        {
            var security = pod.SecurityContext;
            Assert.True(security.RunAsNonRoot);
            Assert.Equal(user, security.RunAsUser);
            Assert.Equal(user, security.RunAsGroup);
            Assert.Equal(user, security.FsGroup);
            Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
            Assert.Null(pod.HostNetwork);
            Assert.Null(pod.HostPID);
            Assert.DoesNotContain(pod.Volumes, v => v.HostPath is not null);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_container_drops_all_capabilities_and_writes_only_to_volumes(RedisHaOptions options)
    {
        var objects = RenderedObjects.Of(options);
        var containers = objects.ServerPod().AllContainers().Concat(objects.HaproxyPod().AllContainers()).ToList();

        // init, redis, sentinel, watcher, haproxy, and the exporter when metrics are on.
        Assert.Equal(options.Metrics.Enabled ? 6 : 5, containers.Count);
        Assert.Equal(options.Metrics.Enabled, containers.Any(c => c.Name == "exporter"));
        foreach (var container in containers)
        {
            var security = container.SecurityContext;
            Assert.False(security.AllowPrivilegeEscalation);
            Assert.NotEqual(true, security.Privileged);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Null(security.Capabilities.Add);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.True(security.RunAsNonRoot);
            Assert.All(container.Ports ?? [], p => Assert.Null(p.HostPort));
        }
    }
}
