using k8s;
using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class KubernetesObjectsTests
{
    /// <summary>Kind and name, with a ConfigMap's content hash shown as &lt;hash&gt;.</summary>
    private static string KindAndName(IKubernetesObject o) =>
        System.Text.RegularExpressions.Regex.Replace($"{o.Kind}/{((IMetadata<V1ObjectMeta>)o).Metadata.Name}", "^(ConfigMap/.*)-[0-9a-f]{10}$", "$1-<hash>");

    [Fact]
    public void All_is_in_apply_order()
    {
        var objects = RenderedObjects.Of();

        Assert.Equal(
        [
            "Namespace/redis",
            "ServiceAccount/redis-ha",
            "NetworkPolicy/redis-ha-server",
            "NetworkPolicy/redis-ha-haproxy",
            "ConfigMap/redis-ha-config-<hash>",
            "ConfigMap/redis-ha-scripts-<hash>",
            "ConfigMap/redis-ha-haproxy-<hash>",
            "ConfigMap/redis-ha-haproxy-scripts-<hash>",
            "Service/redis-ha-headless",
            "Service/redis-ha-announce-0",
            "Service/redis-ha-announce-1",
            "Service/redis-ha-announce-2",
            "Service/redis-ha-sentinel",
            "PodDisruptionBudget/redis-ha-server",
            "PodDisruptionBudget/redis-ha-haproxy",
            "StatefulSet/redis-ha-server",
            "Deployment/redis-ha-haproxy",
            "Service/redis-ha",
        ], objects.All.Select(KindAndName));
    }

    [Fact]
    public void Optional_objects_take_their_place_in_the_apply_order()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true } });

        Assert.Equal(
        [
            "Namespace/redis",
            "ServiceAccount/redis-ha",
            "NetworkPolicy/redis-ha-server",
            "NetworkPolicy/redis-ha-haproxy",
            "ConfigMap/redis-ha-config-<hash>",
            "ConfigMap/redis-ha-scripts-<hash>",
            "ConfigMap/redis-ha-haproxy-<hash>",
            "ConfigMap/redis-ha-haproxy-scripts-<hash>",
            "Service/redis-ha-headless",
            "Service/redis-ha-announce-0",
            "Service/redis-ha-announce-1",
            "Service/redis-ha-announce-2",
            "Service/redis-ha-sentinel",
            "Service/redis-ha-server-metrics",
            "Service/redis-ha-haproxy-metrics",
            "PodDisruptionBudget/redis-ha-server",
            "PodDisruptionBudget/redis-ha-haproxy",
            "StatefulSet/redis-ha-server",
            "Deployment/redis-ha-haproxy",
            "Service/redis-ha",
            "ServiceMonitor/redis-ha-server",
            "ServiceMonitor/redis-ha-haproxy",
        ], objects.All.Select(KindAndName));
    }

    [Fact]
    public void Policies_and_budgets_come_before_any_workload()
    {
        var objects = RenderedObjects.Of().All.ToList();
        var firstWorkload = objects.FindIndex(o => o is V1StatefulSet or V1Deployment);

        Assert.All(objects.Where(o => o is V1NetworkPolicy or V1PodDisruptionBudget), o => Assert.True(objects.IndexOf(o) < firstWorkload, KindAndName(o)));
        Assert.True(objects.FindLastIndex(o => o is V1NetworkPolicy) < objects.FindIndex(o => o is V1ConfigMap));
    }

    [Fact]
    public void Hardening_can_be_switched_off_to_the_bare_workload()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { NetworkPolicy = new NetworkPolicyOptions { Enabled = false }, PodDisruptionBudget = false });

        Assert.Equal(14, objects.All.Count);
        Assert.DoesNotContain(objects.All, o => o is V1NetworkPolicy or V1PodDisruptionBudget);
    }

    [Fact]
    public void Workload_is_all_without_the_namespace()
    {
        var objects = RenderedObjects.Of();

        Assert.IsType<V1Namespace>(objects.All[0]);
        Assert.Equal(objects.All.Skip(1), objects.Workload);
        Assert.DoesNotContain(objects.Workload, o => o is V1Namespace);
    }

    [Fact]
    public void Namespace_is_omitted_when_it_is_not_created_here()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { CreateNamespace = false });

        Assert.DoesNotContain(objects.All, o => o is V1Namespace);
        Assert.Equal(objects.Workload, objects.All);
        Assert.IsType<V1ServiceAccount>(objects.All[0]);
    }

    [Fact]
    public void Created_namespace_enforces_the_restricted_pod_security_standard()
    {
        var ns = RenderedObjects.Of(new RedisHaOptions { Namespace = "cache" }).Single<V1Namespace>();

        Assert.Equal("cache", ns.Metadata.Name);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void Every_namespaced_object_has_the_namespace_and_the_common_labels()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Name = "orders", Namespace = "shop" });

        foreach (var o in objects.Workload.Cast<IMetadata<V1ObjectMeta>>())
        {
            var meta = o.Metadata;
            Assert.Equal("shop", meta.NamespaceProperty);
            Assert.Equal("redis-ha", meta.Labels["app.kubernetes.io/name"]);
            Assert.Equal("orders", meta.Labels["app.kubernetes.io/instance"]);
            Assert.Equal("redis-ha", meta.Labels["app.kubernetes.io/managed-by"]);
            Assert.Contains(meta.Labels["app.kubernetes.io/component"], new[] { "server", "haproxy" });
        }
        Assert.Contains(objects.Workload, o => o is V1NetworkPolicy);
        Assert.Equal("haproxy", objects.Single<V1Deployment>().Metadata.Labels["app.kubernetes.io/component"]);
        Assert.Equal("server", objects.Single<V1StatefulSet>().Metadata.Labels["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Service_account_mounts_no_token()
    {
        var account = RenderedObjects.Of().Single<V1ServiceAccount>();

        Assert.Equal("redis-ha", account.Metadata.Name);
        Assert.False(account.AutomountServiceAccountToken);
    }

    [Fact]
    public void No_object_contains_the_password_and_no_secret_is_rendered()
    {
        const string password = "Zq8-distinctive-PW-4711";
        var objects = RenderedObjects.Of(new RedisHaOptions { Password = password });

        var yaml = ManifestYaml.Serialize(objects.All);

        Assert.DoesNotContain(password, yaml);
        Assert.DoesNotContain(objects.All, o => o is V1Secret);
        // The password is referenced, not left out: the pods read it from the Secret.
        Assert.Contains("redis-ha-auth", yaml);
    }

    [Fact]
    public void Yaml_round_trips_with_every_object()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Replicas = 5 });

        var loaded = KubernetesYaml.LoadAllFromString(ManifestYaml.Serialize(objects.All));

        Assert.Equal(objects.All.Count, loaded.Count);
        Assert.Equal(objects.All.Select(KindAndName), loaded.Cast<IKubernetesObject>().Select(KindAndName));
        // Every file survives byte for byte: scripts, redis.conf, sentinel.conf, haproxy.cfg.
        foreach (var configMap in loaded.OfType<V1ConfigMap>())
            Assert.Equal(objects.ConfigMap(configMap.Metadata.Name).Data, configMap.Data);
        Assert.Equal(4, loaded.OfType<V1ConfigMap>().Count());
        var statefulSet = (V1StatefulSet)loaded.Single(o => o is V1StatefulSet);
        Assert.Equal(5, statefulSet.Spec.Replicas);
    }

    [Fact]
    public void Yaml_separates_documents_and_keeps_their_order()
    {
        var objects = RenderedObjects.Of();

        var yaml = ManifestYaml.Serialize(objects.All);
        var documents = yaml.Split("\n---\n");

        Assert.Equal(objects.All.Count, documents.Length);
        Assert.StartsWith("apiVersion: v1\nkind: Namespace\n", documents[0]);
        Assert.Contains("kind: Service\n", documents[^1]);
        Assert.EndsWith("\n", yaml);
    }
}
