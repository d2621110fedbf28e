using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Scripts;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>
/// ConfigMaps named by their content and immutable, as Kustomize's generator makes them: an apply
/// never rewrites the files under running pods, and each pod template names the ConfigMaps it was
/// made with.
/// </summary>
public class ConfigMapNamesTests
{
    private static Dictionary<string, string> ConfigMapNames(RedisHaOptions? options = null) =>
        RenderedObjects.Of(options).All.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name[..^11], c => c.Metadata.Name);

    [Fact]
    public void Each_configmap_is_its_base_name_and_ten_hex_digits_of_its_content_and_immutable()
    {
        var configMaps = RenderedObjects.Of().All.OfType<V1ConfigMap>().ToList();

        Assert.Equal(4, configMaps.Count);
        Assert.All(configMaps, c => Assert.Matches("^redis-ha-(config|scripts|haproxy|haproxy-scripts)-[0-9a-f]{10}$", c.Metadata.Name));
        Assert.All(configMaps, c => Assert.True(c.Immutable, c.Metadata.Name));
        Assert.Equal(["common.sh", "haproxy.sh"], configMaps.Single(c => c.Metadata.Name.StartsWith("redis-ha-haproxy-scripts-", StringComparison.Ordinal)).Data.Keys);
        Assert.Equal(ScriptLibrary.All.Keys.Order(StringComparer.Ordinal),
            configMaps.Single(c => c.Metadata.Name.StartsWith("redis-ha-scripts-", StringComparison.Ordinal)).Data.Keys);
    }

    [Fact]
    public void A_name_changes_with_its_content_and_only_then()
    {
        var before = ConfigMapNames();

        Assert.Equal(before, ConfigMapNames());
        // maxMemory is in redis.conf only.
        var redisConfChanged = ConfigMapNames(new RedisHaOptions { MaxMemory = "256mb" });
        Assert.NotEqual(before["redis-ha-config"], redisConfChanged["redis-ha-config"]);
        Assert.Equal([before["redis-ha-scripts"], before["redis-ha-haproxy"], before["redis-ha-haproxy-scripts"]],
            [redisConfChanged["redis-ha-scripts"], redisConfChanged["redis-ha-haproxy"], redisConfChanged["redis-ha-haproxy-scripts"]]);
        // The check interval is in haproxy.cfg (and sentinel timing, not in it).
        var haproxyChanged = ConfigMapNames(new RedisHaOptions { HaproxyCheckIntervalMilliseconds = 700 });
        Assert.NotEqual(before["redis-ha-haproxy"], haproxyChanged["redis-ha-haproxy"]);
        Assert.Equal(before["redis-ha-scripts"], haproxyChanged["redis-ha-scripts"]);
    }

    [Fact]
    public void A_script_change_renames_the_scripts_configmaps_that_hold_it()
    {
        var spec = RenderedObjects.Spec();
        var files = RedisHaBlueprint.Create(spec).Files;
        var scripts = ScriptLibrary.All;
        var before = Blueprint.Kubernetes.ConfigMapNames.For(spec, files, scripts);

        var watcherChanged = Blueprint.Kubernetes.ConfigMapNames.For(spec, files, new Dictionary<string, string>(scripts) { ["watcher.sh"] = scripts["watcher.sh"] + "# changed\n" });
        var commonChanged = Blueprint.Kubernetes.ConfigMapNames.For(spec, files, new Dictionary<string, string>(scripts) { ["common.sh"] = scripts["common.sh"] + "# changed\n" });

        Assert.Equal(before, Blueprint.Kubernetes.ConfigMapNames.For(spec, files, new Dictionary<string, string>(scripts)));
        // The proxies do not run watcher.sh: their ConfigMap, hence their pods, stay.
        Assert.Equal(before with { Scripts = watcherChanged.Scripts }, watcherChanged);
        Assert.NotEqual(before.Scripts, watcherChanged.Scripts);
        Assert.NotEqual(before.Scripts, commonChanged.Scripts);
        Assert.NotEqual(before.HaproxyScripts, commonChanged.HaproxyScripts);
    }

    public static TheoryData<string> OptionSets => new("default", "tls", "metrics", "no persistence");

    private static RedisHaOptions Options(string set) => set switch
    {
        "tls" => new RedisHaOptions { Tls = new TlsOptions { Enabled = true, SecretName = "redis-tls" } },
        "metrics" => new RedisHaOptions { Metrics = new MetricsOptions { Enabled = true } },
        "no persistence" => new RedisHaOptions { Persistence = new PersistenceOptions { Enabled = false } },
        _ => new RedisHaOptions(),
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Every_configmap_volume_names_a_configmap_that_is_rendered_and_every_configmap_is_mounted(string set)
    {
        var objects = RenderedObjects.Of(Options(set));
        var rendered = objects.All.OfType<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();

        var referenced = new[] { objects.ServerPod(), objects.HaproxyPod() }
            .SelectMany(p => p.Volumes).Where(v => v.ConfigMap is not null).Select(v => v.ConfigMap.Name).ToList();

        Assert.All(referenced, name => Assert.Contains(name, rendered));
        Assert.Equal(rendered.Order(StringComparer.Ordinal), referenced.Distinct().Order(StringComparer.Ordinal));
    }
}
