using k8s;
using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class KubernetesObjectsTests
{
    /// <summary>Kind and name, with a ConfigMap's content hash shown as &lt;hash&gt;.</summary>
    private static string KindAndName(IKubernetesObject o) =>
        System.Text.RegularExpressions.Regex.Replace($"{o.Kind}/{((IMetadata<V1ObjectMeta>)o).Metadata.Name}", "^(ConfigMap/.*)-[0-9a-f]{10}$", "$1-<hash>");

    public static TheoryData<string> Variants => new("defaults", "metrics with ServiceMonitors", "read endpoint", "no namespace, no hardening");

    private static RedisHaOptions Options(string variant) => variant switch
    {
        "metrics with ServiceMonitors" => new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true } },
        "read endpoint" => new RedisHaOptions { ReadEndpoint = new ReadEndpointOptions { Enabled = true } },
        "no namespace, no hardening" => new RedisHaOptions { CreateNamespace = false, NetworkPolicy = new NetworkPolicyOptions { Enabled = false }, PodDisruptionBudget = false },
        _ => new RedisHaOptions(),
    };

    /// <summary>
    /// The apply order's rule, for every variant: each object comes after everything it needs
    /// (kubectl apply and Pulumi create in this order), so a pod never starts before its
    /// ConfigMaps, ServiceAccount, policies or the Services whose names it resolves at start, and
    /// clients are sent to the endpoint only once its proxies exist.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_object_comes_after_what_it_needs(string variant)
    {
        var spec = RenderedObjects.Spec(Options(variant));
        var all = RenderedObjects.Of(Options(variant)).All.ToList();
        var position = all.Select((o, i) => (Key: KindAndName(o), i)).ToDictionary(p => p.Key, p => p.i);

        foreach (var (dependent, needed) in Needs(all, spec))
        {
            Assert.True(position.ContainsKey(needed), $"{dependent} needs {needed}, which is not rendered");
            Assert.True(position[needed] < position[dependent], $"{needed} must come before {dependent}");
        }
        // The rule has something to check in every variant.
        Assert.True(Needs(all, spec).Count() > 10);
    }

    /// <summary>(dependent, what it needs) pairs, by kind and name.</summary>
    private static IEnumerable<(string Dependent, string Needed)> Needs(IReadOnlyList<IKubernetesObject> all, RedisHaSpec spec)
    {
        var namespaceObject = all.OfType<V1Namespace>().SingleOrDefault();
        foreach (var o in all.Where(o => o is not V1Namespace && namespaceObject is not null))
            yield return (KindAndName(o), KindAndName(namespaceObject!));

        var workloads = all.OfType<V1StatefulSet>().Select(s => ((IKubernetesObject)s, s.Spec.Template))
            .Concat(all.OfType<V1Deployment>().Select(d => ((IKubernetesObject)d, d.Spec.Template)));
        foreach (var (workload, template) in workloads)
        {
            var name = KindAndName(workload);
            if (template.Spec.ServiceAccountName is { } account) yield return (name, $"ServiceAccount/{account}");
            foreach (var volume in template.Spec.Volumes ?? [])
                if (volume.ConfigMap is { } map) yield return (name, KindAndName(all.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == map.Name)));
            // Policies and budgets that cover the pods are in force before the first pod starts.
            foreach (var policy in all.OfType<V1NetworkPolicy>().Where(p => Selects(p.Spec.PodSelector, template.Metadata.Labels)))
                yield return (name, KindAndName(policy));
            foreach (var budget in all.OfType<V1PodDisruptionBudget>().Where(b => Selects(b.Spec.Selector, template.Metadata.Labels)))
                yield return (name, KindAndName(budget));
        }
        // The server pods resolve the headless and announce Services' names as they start.
        var statefulSet = all.OfType<V1StatefulSet>().Single();
        yield return (KindAndName(statefulSet), $"Service/{statefulSet.Spec.ServiceName}");
        for (var i = 0; i < spec.Replicas; i++) yield return (KindAndName(statefulSet), $"Service/{spec.Names.AnnounceService(i)}");
        // The client endpoints open once the proxies behind them exist.
        var deployment = all.OfType<V1Deployment>().Single();
        foreach (var endpoint in all.OfType<V1Service>().Where(s => s.Metadata.Name == spec.Names.EndpointService || s.Metadata.Name == spec.Names.ReadEndpointService))
            yield return (KindAndName(endpoint), KindAndName(deployment));
        // A ServiceMonitor comes after the Services it scrapes.
        foreach (var monitor in all.OfType<ServiceMonitor>())
            foreach (var service in all.OfType<V1Service>().Where(s => Selects(monitor.Spec.Selector, s.Metadata.Labels)))
                yield return (KindAndName(monitor), KindAndName(service));
    }

    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

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

        // Exactly the default objects without the policies and budgets, in the same order.
        Assert.Equal(RenderedObjects.Of().All.Where(o => o is not (V1NetworkPolicy or V1PodDisruptionBudget)).Select(KindAndName), objects.All.Select(KindAndName));
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
