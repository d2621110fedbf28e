using k8s.Models;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Scripts;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class ServerStatefulSetTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Replicas_follow_the_option(int replicas)
    {
        var set = RenderedObjects.Of(new RedisHaOptions { Replicas = replicas }).Single<V1StatefulSet>();

        Assert.Equal(replicas, set.Spec.Replicas);
        Assert.Equal("redis-ha-server", set.Metadata.Name);
        Assert.Equal("Parallel", set.Spec.PodManagementPolicy);
        Assert.Equal("RollingUpdate", set.Spec.UpdateStrategy.Type);
    }

    [Fact]
    public void Selector_matches_the_pod_template()
    {
        var set = RenderedObjects.Of().Single<V1StatefulSet>();

        Assert.All(set.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, set.Spec.Template.Metadata.Labels[kv.Key]));
    }

    [Fact]
    public void Hard_anti_affinity_requires_one_pod_per_node()
    {
        var pod = RenderedObjects.Of(new RedisHaOptions { HardAntiAffinity = true }).ServerPod();

        var anti = pod.Affinity.PodAntiAffinity;
        var term = Assert.Single(anti.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Null(anti.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.Equal("server", term.LabelSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("redis-ha", term.LabelSelector.MatchLabels["app.kubernetes.io/instance"]);
    }

    [Fact]
    public void Soft_anti_affinity_only_prefers_one_pod_per_node()
    {
        var pod = RenderedObjects.Of(new RedisHaOptions { HardAntiAffinity = false }).ServerPod();

        var anti = pod.Affinity.PodAntiAffinity;
        var preferred = Assert.Single(anti.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Null(anti.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal(100, preferred.Weight);
        Assert.Equal("kubernetes.io/hostname", preferred.PodAffinityTerm.TopologyKey);
        Assert.Equal("server", preferred.PodAffinityTerm.LabelSelector.MatchLabels["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Persistence_gives_each_pod_a_claim_for_its_data()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Persistence = new PersistenceOptions { Enabled = true, Size = "5Gi" } });

        var claim = Assert.Single(objects.Single<V1StatefulSet>().Spec.VolumeClaimTemplates);
        Assert.Equal("data", claim.Metadata.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("5Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Null(claim.Spec.StorageClassName);
        Assert.DoesNotContain(objects.ServerPod().Volumes, v => v.Name == "data");
    }

    [Fact]
    public void Storage_class_is_set_when_configured()
    {
        var set = RenderedObjects.Of(new RedisHaOptions { Persistence = new PersistenceOptions { StorageClass = "fast-ssd" } }).Single<V1StatefulSet>();

        Assert.Equal("fast-ssd", Assert.Single(set.Spec.VolumeClaimTemplates).Spec.StorageClassName);
    }

    [Fact]
    public void Without_persistence_data_lives_in_an_empty_dir()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Persistence = new PersistenceOptions { Enabled = false } });

        Assert.Null(objects.Single<V1StatefulSet>().Spec.VolumeClaimTemplates);
        var data = objects.ServerPod().Volumes.Single(v => v.Name == "data");
        Assert.NotNull(data.EmptyDir);
    }

    [Fact]
    public void Every_container_mounts_config_scripts_runtime_and_data()
    {
        var pod = RenderedObjects.Of().ServerPod();

        foreach (var container in pod.AllContainers())
        {
            Assert.Equal(
                new Dictionary<string, string> { ["/etc/redis-ha"] = "config", ["/opt/redis-ha"] = "scripts", ["/run/redis-ha"] = "run", ["/data"] = "data" },
                container.VolumeMounts.ToDictionary(m => m.MountPath, m => m.Name));
        }
        Assert.Matches("^redis-ha-config-[0-9a-f]{10}$", pod.Volumes.Single(v => v.Name == "config").ConfigMap.Name);
        var scripts = pod.Volumes.Single(v => v.Name == "scripts").ConfigMap;
        Assert.Matches("^redis-ha-scripts-[0-9a-f]{10}$", scripts.Name);
        // Read-only for everyone; executable so an operator can run a script by hand.
        Assert.Equal(0x16D, scripts.DefaultMode);
        Assert.Equal("Memory", pod.Volumes.Single(v => v.Name == "run").EmptyDir.Medium);
    }

    [Fact]
    public void Containers_run_the_scripts_with_the_redis_image()
    {
        var pod = RenderedObjects.Of(new RedisHaOptions { RedisImage = "registry.example/redis:7.2" }).ServerPod();

        Assert.Equal(["sh", "/opt/redis-ha/init.sh", "all"], Assert.Single(pod.InitContainers).Command);
        Assert.Equal(["redis", "sentinel", "watcher"], pod.Containers.Select(c => c.Name));
        Assert.Equal(["sh", "/opt/redis-ha/redis.sh"], pod.Container("redis").Command);
        Assert.Equal(["sh", "/opt/redis-ha/sentinel.sh"], pod.Container("sentinel").Command);
        Assert.Equal(["sh", "/opt/redis-ha/watcher.sh"], pod.Container("watcher").Command);
        Assert.All(pod.AllContainers(), c => Assert.Equal("registry.example/redis:7.2", c.Image));
    }

    [Fact]
    public void Every_command_probe_and_hook_runs_a_script_that_exists()
    {
        var objects = RenderedObjects.Of();
        var commands = objects.ServerPod().AllContainers().Concat(objects.HaproxyPod().AllContainers())
            .SelectMany(c => new[] { c.Command, c.LivenessProbe?.Exec?.Command, c.ReadinessProbe?.Exec?.Command, c.StartupProbe?.Exec?.Command, c.Lifecycle?.PreStop?.Exec?.Command })
            .OfType<IList<string>>()
            .ToList();

        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            Assert.Equal("sh", command[0]);
            Assert.StartsWith("/opt/redis-ha/", command[1]);
            Assert.Contains(command[1]["/opt/redis-ha/".Length..], ScriptLibrary.All.Keys);
        }
    }

    [Fact]
    public void Redis_and_sentinel_have_probes_ports_and_handover_hooks()
    {
        var pod = RenderedObjects.Of().ServerPod();
        var redis = pod.Container("redis");
        var sentinel = pod.Container("sentinel");

        Assert.Equal(["sh", "/opt/redis-ha/readiness.sh"], redis.ReadinessProbe.Exec.Command);
        Assert.Equal(["sh", "/opt/redis-ha/liveness.sh"], redis.LivenessProbe.Exec.Command);
        Assert.Equal(["sh", "/opt/redis-ha/prestop.sh"], redis.Lifecycle.PreStop.Exec.Command);
        Assert.Equal(["sh", "/opt/redis-ha/liveness.sh", "26379"], sentinel.LivenessProbe.Exec.Command);
        Assert.Equal(["sh", "/opt/redis-ha/liveness.sh", "26379"], sentinel.ReadinessProbe.Exec.Command);
        Assert.Equal(["sh", "/opt/redis-ha/sentinel-prestop.sh"], sentinel.Lifecycle.PreStop.Exec.Command);
        Assert.Equal(("redis", 6379), (Assert.Single(redis.Ports).Name, Assert.Single(redis.Ports).ContainerPort));
        Assert.Equal(("sentinel", 26379), (Assert.Single(sentinel.Ports).Name, Assert.Single(sentinel.Ports).ContainerPort));
    }

    [Fact]
    public void Liveness_is_generous_and_a_startup_probe_covers_a_long_start()
    {
        var redis = RenderedObjects.Of().ServerPod().Container("redis");

        Assert.Equal(10, redis.LivenessProbe.PeriodSeconds);
        Assert.InRange(redis.LivenessProbe.FailureThreshold ?? 0, 3, 5);
        var startup = redis.StartupProbe;
        Assert.NotNull(startup);
        Assert.True(startup.PeriodSeconds * startup.FailureThreshold >= 300, "a start of at least five minutes is not killed");
        // A container that answers counts as started within a second: boots and rolling updates do not wait a period for it.
        Assert.Equal(1, startup.PeriodSeconds);
    }

    [Fact]
    public void The_pod_shares_one_process_namespace_so_that_pause_reaps_orphans()
    {
        var pod = RenderedObjects.Of().ServerPod();

        // Without it, redis-server is PID 1 of its container and zombies pile up under it.
        Assert.True(pod.ShareProcessNamespace);
    }

    [Fact]
    public void Termination_grace_covers_the_handover()
    {
        var spec = RenderedObjects.Spec();
        var pod = RedisHaBlueprint.Create(spec).Kubernetes.ServerPod();

        Assert.Equal(spec.Timings.TerminationGracePeriodSeconds, pod.TerminationGracePeriodSeconds);
        Assert.True(pod.TerminationGracePeriodSeconds * 1000 > FailoverTimings.HandoverTimeoutMilliseconds);
    }

    [Theory]
    [InlineData("default", 62)]
    [InlineData("fast", 62)]
    public void Termination_grace_is_the_handover_budget_plus_redis_shutdown_and_a_final_save(string profile, int graceSeconds)
    {
        var spec = RenderedObjects.Spec(new RedisHaOptions { FailoverProfile = profile });
        var pod = RedisHaBlueprint.Create(spec).Kubernetes.ServerPod();

        // 20 s handover + 2 s hook slack + 10 s shutdown-timeout + 30 s final save.
        Assert.Equal(graceSeconds, pod.TerminationGracePeriodSeconds);
        Assert.True(pod.TerminationGracePeriodSeconds * 1000L >= FailoverTimings.HandoverTimeoutMilliseconds
            + 1000L * (FailoverTimings.PreStopSlackSeconds + FailoverTimings.RedisShutdownTimeoutSeconds + FailoverTimings.FinalSaveSeconds));
        Assert.Contains($"shutdown-timeout {FailoverTimings.RedisShutdownTimeoutSeconds}", RedisHaBlueprint.Create(spec).Files.RedisConf.Split('\n'));
    }

    [Fact]
    public void Pods_use_their_own_account_without_token_or_service_links()
    {
        var pod = RenderedObjects.Of().ServerPod();

        Assert.Equal("redis-ha", pod.ServiceAccountName);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(pod.EnableServiceLinks);
    }

    [Fact]
    public void Password_comes_from_the_secret_in_every_container()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Name = "orders" });

        foreach (var container in objects.ServerPod().AllContainers().Concat(objects.HaproxyPod().AllContainers()))
        {
            var auth = container.Env("REDISCLI_AUTH");
            Assert.NotNull(auth);
            Assert.Null(auth.Value);
            Assert.Equal("orders-auth", auth.ValueFrom.SecretKeyRef.Name);
            Assert.Equal("password", auth.ValueFrom.SecretKeyRef.Key);
        }
    }

    [Fact]
    public void During_a_rotation_the_scripts_and_haproxy_also_read_the_previous_password_and_only_then()
    {
        var rotating = RenderedObjects.Of(new RedisHaOptions { Name = "orders", Password = "new", PreviousPassword = "old" });
        var steady = RenderedObjects.Of(new RedisHaOptions { Name = "orders", Password = "new" });

        foreach (var container in rotating.ServerPod().AllContainers().Concat(rotating.HaproxyPod().AllContainers()))
        {
            var previous = container.Env("REDIS_HA_PREVIOUS_PASSWORD");
            Assert.NotNull(previous);
            Assert.Null(previous.Value);
            Assert.Equal(("orders-auth", "previous-password"), (previous.ValueFrom.SecretKeyRef.Name, previous.ValueFrom.SecretKeyRef.Key));
        }
        Assert.All(steady.ServerPod().AllContainers().Concat(steady.HaproxyPod().AllContainers()), c => Assert.Null(c.Env("REDIS_HA_PREVIOUS_PASSWORD")));
        // Adding and removing it changes the pod templates: each step of a rotation is a rolling update.
        Assert.NotEqual(k8s.KubernetesJson.Serialize(rotating.Single<V1StatefulSet>().Spec.Template), k8s.KubernetesJson.Serialize(steady.Single<V1StatefulSet>().Spec.Template));
        Assert.NotEqual(k8s.KubernetesJson.Serialize(rotating.Single<V1Deployment>().Spec.Template), k8s.KubernetesJson.Serialize(steady.Single<V1Deployment>().Spec.Template));
    }

    [Fact]
    public void Without_auth_no_container_reads_a_password()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions { Auth = false });

        Assert.All(objects.ServerPod().AllContainers().Concat(objects.HaproxyPod().AllContainers()), c => Assert.Null(c.Env("REDISCLI_AUTH")));
    }

    [Fact]
    public void Node_environment_matches_the_scripts_and_names_the_pod()
    {
        var spec = RenderedObjects.Spec();
        var pod = RedisHaBlueprint.Create(spec).Kubernetes.ServerPod();

        foreach (var container in pod.AllContainers())
        {
            Assert.Equal("metadata.name", container.Env("REDIS_HA_POD_NAME")!.ValueFrom.FieldRef.FieldPath);
            Assert.Equal("* -::*", container.Env("REDIS_HA_BIND")!.Value);
            Assert.Equal("", container.Env("REDIS_HA_SOURCE_ADDRESS")!.Value);
            Assert.Equal(spec.Quorum.ToString(System.Globalization.CultureInfo.InvariantCulture), container.Env("REDIS_HA_QUORUM")!.Value);
            Assert.Equal(spec.Timings.WatcherGraceMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), container.Env("REDIS_HA_WATCHER_GRACE_MS")!.Value);
        }
    }

    [Fact]
    public void Resources_come_from_the_options_and_unset_entries_are_left_out()
    {
        var objects = RenderedObjects.Of(new RedisHaOptions
        {
            Resources = new ResourcesOptions
            {
                Redis = new ContainerResources("250m", "1Gi", null, "2Gi"),
                Sentinel = new ContainerResources(null, "48Mi", null, null),
            },
        });
        var pod = objects.ServerPod();

        var redis = pod.Container("redis").Resources;
        Assert.Equal("250m", redis.Requests["cpu"].ToString());
        Assert.Equal("1Gi", redis.Requests["memory"].ToString());
        Assert.Equal(["memory"], redis.Limits.Keys);
        Assert.Equal("2Gi", redis.Limits["memory"].ToString());
        foreach (var name in new[] { "sentinel", "watcher" })
        {
            var resources = pod.Container(name).Resources;
            Assert.Equal(["memory"], resources.Requests.Keys);
            Assert.Null(resources.Limits);
        }
    }

    [Fact]
    public void Config_checksum_changes_with_the_config()
    {
        var before = RenderedObjects.Of().Single<V1StatefulSet>().Spec.Template.Checksum();
        var same = RenderedObjects.Of().Single<V1StatefulSet>().Spec.Template.Checksum();
        var changed = RenderedObjects.Of(new RedisHaOptions { MaxMemory = "256mb" }).Single<V1StatefulSet>().Spec.Template.Checksum();

        Assert.Matches("^[0-9a-f]{64}$", before);
        Assert.Equal(before, same);
        Assert.NotEqual(before, changed);
    }

    [Fact]
    public void Config_checksum_ignores_what_is_not_in_the_files()
    {
        // The images and the HAProxy count change the objects, not the files: the controllers roll for them anyway.
        var before = RenderedObjects.Of().Single<V1StatefulSet>().Spec.Template.Checksum();
        var other = RenderedObjects.Of(new RedisHaOptions { RedisImage = "redis:7.4-alpine", HaproxyReplicas = 2 }).Single<V1StatefulSet>().Spec.Template.Checksum();

        Assert.Equal(before, other);
    }
}
