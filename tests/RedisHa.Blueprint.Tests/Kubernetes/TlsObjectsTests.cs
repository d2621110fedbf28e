using k8s;
using k8s.Models;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>The TLS Secret in the pods: mounted read-only where REDIS_HA_TLS_DIR says, readable by the containers' user only.</summary>
public class TlsObjectsTests
{
    private static readonly RedisHaOptions WithTls = new() { Tls = new TlsOptions { Enabled = true, SecretName = "redis-tls" } };

    private static bool MountsTls(V1Container c) => c.VolumeMounts?.Any(m => m.Name == "tls") == true;

    [Fact]
    public void Without_tls_no_pod_mounts_a_secret_or_gets_tls_variables()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true } });

        foreach (var pod in new[] { objects.ServerPod(), objects.HaproxyPod() })
        {
            Assert.DoesNotContain(pod.Volumes, v => v.Secret is not null);
            Assert.DoesNotContain(pod.AllContainers(), MountsTls);
            Assert.DoesNotContain(pod.AllContainers(), c => c.Env?.Any(e => e.Name.StartsWith("REDIS_HA_TLS", StringComparison.Ordinal) || e.Name.Contains("TLS", StringComparison.Ordinal)) == true);
        }
    }

    [Fact]
    public void Both_pods_mount_the_three_keys_of_the_secret_read_only_with_mode_0400()
    {
        var objects = RenderedObjects.Of(WithTls);

        foreach (var pod in new[] { objects.ServerPod(), objects.HaproxyPod() })
        {
            var volume = Assert.Single(pod.Volumes, v => v.Name == "tls");
            Assert.Equal("redis-tls", volume.Secret.SecretName);
            // 0400, and the pod's fsGroup makes it 0440 owned by the containers' group: readable by uid 999 / 99.
            Assert.Equal(256, volume.Secret.DefaultMode);
            Assert.NotNull(pod.SecurityContext.FsGroup);
            Assert.Equal(["tls.crt", "tls.key", "ca.crt"], volume.Secret.Items.Select(i => i.Key));
            Assert.Equal(volume.Secret.Items.Select(i => i.Key), volume.Secret.Items.Select(i => i.Path));
        }
    }

    [Fact]
    public void Every_server_container_and_haproxy_mount_it_where_the_scripts_look()
    {
        var objects = RenderedObjects.Of(WithTls);
        var containers = objects.ServerPod().AllContainers().Concat(objects.HaproxyPod().Containers).ToList();

        Assert.Equal(["init", "redis", "sentinel", "watcher", "haproxy"], containers.Select(c => c.Name));
        foreach (var container in containers)
        {
            var mount = Assert.Single(container.VolumeMounts, m => m.Name == "tls");
            Assert.Equal(NodePaths.TlsDir, mount.MountPath);
            Assert.True(mount.ReadOnlyProperty);
            Assert.Equal("1", container.Env(ScriptEnvironment.Tls)!.Value);
            Assert.Equal(NodePaths.TlsDir, container.Env(ScriptEnvironment.TlsDir)!.Value);
        }
    }

    [Fact]
    public void The_secret_is_not_mounted_inside_the_config_map_folder()
    {
        Assert.False(NodePaths.TlsDir.StartsWith(NodePaths.ConfigDir + "/", StringComparison.Ordinal));
        Assert.False(NodePaths.TlsDir.StartsWith(NodePaths.HaproxyConfigDir + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Probes_and_hooks_still_run_the_scripts_which_speak_tls_themselves()
    {
        var without = RenderedObjects.Of().ServerPod();
        var with = RenderedObjects.Of(WithTls).ServerPod();

        foreach (var name in new[] { "redis", "sentinel" })
        {
            Assert.Equal(KubernetesYaml.Serialize(without.Container(name).LivenessProbe), KubernetesYaml.Serialize(with.Container(name).LivenessProbe));
            Assert.Equal(KubernetesYaml.Serialize(without.Container(name).ReadinessProbe), KubernetesYaml.Serialize(with.Container(name).ReadinessProbe));
            Assert.Equal(KubernetesYaml.Serialize(without.Container(name).Lifecycle), KubernetesYaml.Serialize(with.Container(name).Lifecycle));
        }
    }

    [Fact]
    public void The_exporter_connects_over_tls_on_loopback_and_offers_the_certificate()
    {
        var exporter = RenderedObjects.Of(WithTls with { Metrics = new MetricsOptions { Enabled = true } }).ServerPod().Container("exporter");

        Assert.Equal("rediss://127.0.0.1:6379", exporter.Env("REDIS_ADDR")!.Value);
        Assert.Equal("true", exporter.Env("REDIS_EXPORTER_SKIP_TLS_VERIFICATION")!.Value);
        Assert.Equal($"{NodePaths.TlsDir}/tls.crt", exporter.Env("REDIS_EXPORTER_TLS_CLIENT_CERT_FILE")!.Value);
        Assert.Equal($"{NodePaths.TlsDir}/tls.key", exporter.Env("REDIS_EXPORTER_TLS_CLIENT_KEY_FILE")!.Value);
        Assert.True(MountsTls(exporter));
    }

    [Fact]
    public void Tls_changes_the_rendered_config_so_the_pods_roll()
    {
        var without = RenderedObjects.Of();
        var with = RenderedObjects.Of(WithTls);

        Assert.NotEqual(without.Single<V1StatefulSet>().Spec.Template.Checksum(), with.Single<V1StatefulSet>().Spec.Template.Checksum());
        Assert.NotEqual(without.Single<V1Deployment>().Spec.Template.Checksum(), with.Single<V1Deployment>().Spec.Template.Checksum());
    }

    [Fact]
    public void The_certificate_names_cover_every_service_clients_connect_to()
    {
        var spec = RenderedObjects.Spec(WithTls with { Namespace = "cache", ReadEndpoint = new ReadEndpointOptions { Enabled = true } });

        Assert.Equal(
        [
            "redis-ha", "redis-ha.cache", "redis-ha.cache.svc", "redis-ha.cache.svc.cluster.local",
            "redis-ha-read", "redis-ha-read.cache", "redis-ha-read.cache.svc", "redis-ha-read.cache.svc.cluster.local",
            "redis-ha-sentinel", "redis-ha-sentinel.cache", "redis-ha-sentinel.cache.svc", "redis-ha-sentinel.cache.svc.cluster.local",
            "redis-ha-announce-0.cache.svc.cluster.local", "redis-ha-announce-1.cache.svc.cluster.local", "redis-ha-announce-2.cache.svc.cluster.local",
        ], spec.TlsDnsNames);
    }
}
