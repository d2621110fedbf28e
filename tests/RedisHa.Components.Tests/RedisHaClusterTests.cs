using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using static RedisHa.Components.Tests.RecordingMocks;

namespace RedisHa.Components.Tests;

public class RedisHaClusterTests
{
    private static readonly TestOptions Test = new() { ProjectName = ConfigKeys.Project, StackName = "test", IsPreview = false };

    /// <summary>What the Blueprint makes of the same options, to compare the component's children with.</summary>
    private static RedisHaSpec Expected(RedisHaOptions? options = null) =>
        OptionsValidator.Validate(options ?? new RedisHaOptions { Namespace = "cache" });

    private static async Task<(RedisHaCluster Cluster, RecordingMocks Mocks)> Deploy(
        RedisHaClusterArgs? args = null, ComponentResourceOptions? options = null, TestOptions? test = null)
    {
        var mocks = new RecordingMocks();
        var (resources, _) = await Deployment.TestAsync(mocks.Object, test ?? Test, () =>
        {
            _ = new RedisHaCluster("test", args ?? new RedisHaClusterArgs { Namespace = "cache" }, options);
            return new Dictionary<string, object?>();
        });
        return (resources.OfType<RedisHaCluster>().Single(), mocks);
    }

    [Fact]
    public async Task Registers_its_type_with_a_namespace_a_generated_password_its_secret_and_one_config_group()
    {
        var (_, mocks) = await Deploy();

        Assert.Equal(
            new[] { ComponentType, NamespaceType, SecretType, ConfigGroupType, RandomPasswordType }.Order(StringComparer.Ordinal),
            mocks.RegisteredTypes);
        Assert.Equal("test", mocks.Single(ComponentType).Name);
    }

    [Fact]
    public async Task Unset_inputs_take_the_blueprints_defaults()
    {
        var (cluster, mocks) = await Deploy(new RedisHaClusterArgs());

        var expected = OptionsValidator.Validate(new RedisHaOptions());
        Assert.Equal(expected.Namespace, await OutputUtilities.GetValueAsync(cluster.Namespace));
        Assert.Equal(expected.Endpoint, await OutputUtilities.GetValueAsync(cluster.Endpoint));
        Assert.Equal(ManifestYaml.Serialize(RedisHaBlueprint.Create(expected).Kubernetes.Workload), mocks.Single(ConfigGroupType).Inputs["yaml"]);
    }

    [Fact]
    public async Task The_namespace_carries_the_blueprints_name_and_labels()
    {
        var (cluster, mocks) = await Deploy();

        var expected = RedisHaBlueprint.Create(Expected()).Kubernetes.All.OfType<k8s.Models.V1Namespace>().Single().Metadata;
        var metadata = Map(mocks.Single(NamespaceType).Inputs["metadata"]);
        Assert.Equal("cache", metadata["name"]);
        Assert.Equal(
            expected.Labels.OrderBy(l => l.Key, StringComparer.Ordinal),
            Map(metadata["labels"]).Select(l => KeyValuePair.Create(l.Key, (string)l.Value!)).OrderBy(l => l.Key, StringComparer.Ordinal));
        Assert.Equal("cache", await OutputUtilities.GetValueAsync(cluster.Namespace));
    }

    [Fact]
    public async Task A_generated_password_goes_into_the_secret_and_out_as_a_secret_output()
    {
        var spec = Expected();

        var (cluster, mocks) = await Deploy();

        var secret = mocks.Single(SecretType).Inputs;
        var metadata = Map(secret["metadata"]);
        Assert.Equal(spec.Names.PasswordSecret, metadata["name"]);
        Assert.Equal("cache", metadata["namespace"]);
        Assert.Equal("Opaque", secret["type"]);
        Assert.Equal(GeneratedPassword, Map(secret["stringData"])[ObjectNames.PasswordKey]);

        var generator = mocks.Single(RandomPasswordType).Inputs;
        Assert.Equal(32, Convert.ToInt32(generator["length"]));
        Assert.True((bool)generator["special"]);

        Assert.True(await Output.IsSecretAsync(cluster.Password));
        Assert.Equal(GeneratedPassword, await OutputUtilities.GetValueAsync(cluster.Password));
        Assert.Equal(spec.Names.PasswordSecret, await OutputUtilities.GetValueAsync(cluster.PasswordSecretName));
    }

    [Fact]
    public async Task A_given_password_is_used_as_it_is_and_none_is_generated()
    {
        const string given = "given p@ss,word=\"$x\"";

        var (cluster, mocks) = await Deploy(new RedisHaClusterArgs { Namespace = "cache", Password = given });

        Assert.DoesNotContain(RandomPasswordType, mocks.RegisteredTypes);
        Assert.Equal(given, Map(mocks.Single(SecretType).Inputs["stringData"])[ObjectNames.PasswordKey]);
        Assert.True(await Output.IsSecretAsync(cluster.Password));
        Assert.Equal(given, await OutputUtilities.GetValueAsync(cluster.Password));
    }

    [Fact]
    public async Task During_a_rotation_the_secret_holds_the_previous_password_too_and_the_pods_read_it()
    {
        const string next = "new p@ss", previous = "old p@ss";

        var (_, mocks) = await Deploy(new RedisHaClusterArgs { Namespace = "cache", Password = next, PreviousPassword = previous });

        var data = Map(mocks.Single(SecretType).Inputs["stringData"]);
        Assert.Equal(next, data[ObjectNames.PasswordKey]);
        Assert.Equal(previous, data[ObjectNames.PreviousPasswordKey]);
        var yaml = Assert.IsType<string>(mocks.Single(ConfigGroupType).Inputs["yaml"]);
        Assert.Contains("REDIS_HA_PREVIOUS_PASSWORD", yaml);
        Assert.DoesNotContain(previous, yaml);
    }

    [Fact]
    public async Task A_previous_password_equal_to_the_password_is_refused_before_anything_is_registered()
    {
        var mocks = new RecordingMocks();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks.Object, Test, () =>
        {
            _ = new RedisHaCluster("test", new RedisHaClusterArgs { Namespace = "cache", Password = "same", PreviousPassword = "same" });
            return new Dictionary<string, object?>();
        }));

        Assert.Contains("previousPassword: equals password", e.Message);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task A_secret_password_does_not_make_the_other_outputs_secret()
    {
        var (cluster, _) = await Deploy(new RedisHaClusterArgs { Namespace = "cache", Password = Output.CreateSecret("s3cret-pw") });

        Assert.True(await Output.IsSecretAsync(cluster.Password));
        Assert.False(await Output.IsSecretAsync(cluster.Endpoint));
        Assert.False(await Output.IsSecretAsync(cluster.Namespace));
    }

    [Fact]
    public async Task The_config_group_carries_the_blueprints_workload_and_never_the_password()
    {
        const string given = "never-in-yaml-7f3a";
        var spec = Expected();

        var (_, mocks) = await Deploy(new RedisHaClusterArgs { Namespace = "cache", Password = given });

        var yaml = Assert.IsType<string>(mocks.Single(ConfigGroupType).Inputs["yaml"]);
        Assert.Equal(ManifestYaml.Serialize(RedisHaBlueprint.Create(spec).Kubernetes.Workload), yaml);
        Assert.Contains("kind: StatefulSet", yaml);
        Assert.Contains(spec.Names.ServerStatefulSet, yaml);
        Assert.DoesNotContain("kind: Namespace", yaml);
        Assert.DoesNotContain(given, yaml);
    }

    [Fact]
    public async Task Nested_inputs_reach_the_rendered_objects_as_the_same_config_keys_would()
    {
        var options = new RedisHaOptions
        {
            Namespace = "cache",
            Replicas = 5,
            FailoverProfile = "fast",
            Persistence = new PersistenceOptions { Size = "2Gi", StorageClass = "fast-ssd" },
            Resources = new ResourcesOptions { Redis = new ContainerResources("250m", null, null, "1Gi") },
            NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = ["web", "jobs"], AllowedPodLabels = new Dictionary<string, string> { ["app"] = "shop" } },
            Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = new Dictionary<string, string> { ["release"] = "prom" } },
            ReadEndpoint = new ReadEndpointOptions { Enabled = true },
        };

        var (cluster, mocks) = await Deploy(new RedisHaClusterArgs
        {
            Namespace = "cache",
            Replicas = 5,
            FailoverProfile = "fast",
            Persistence = new PersistenceArgs { Size = "2Gi", StorageClass = "fast-ssd" },
            // A requests block replaces the default requests whole: no memory request, as in stack config.
            Resources = new ResourcesArgs { Redis = new ContainerResourcesArgs { Requests = new ResourceQuantitiesArgs { Cpu = "250m" }, Limits = new ResourceQuantitiesArgs { Memory = "1Gi" } } },
            NetworkPolicy = new NetworkPolicyArgs { AllowedNamespaces = new[] { "web", "jobs" }, AllowedPodLabels = new Dictionary<string, string> { ["app"] = "shop" } },
            Metrics = new MetricsArgs { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = new Dictionary<string, string> { ["release"] = "prom" } },
            ReadEndpoint = new ReadEndpointArgs { Enabled = true },
        });

        var expected = Expected(options);
        Assert.Equal(ManifestYaml.Serialize(RedisHaBlueprint.Create(expected).Kubernetes.Workload), mocks.Single(ConfigGroupType).Inputs["yaml"]);
        Assert.Equal(expected.ReadEndpoint, await OutputUtilities.GetValueAsync(cluster.ReadEndpoint));
    }

    [Fact]
    public async Task An_input_from_another_resources_output_is_waited_for()
    {
        var mocks = new RecordingMocks();
        var (resources, _) = await Deployment.TestAsync(mocks.Object, Test, () =>
        {
            var shared = new Pulumi.Kubernetes.Core.V1.Namespace("shared", new Pulumi.Kubernetes.Types.Inputs.Core.V1.NamespaceArgs
            {
                Metadata = new Pulumi.Kubernetes.Types.Inputs.Meta.V1.ObjectMetaArgs { Name = "shared" },
            });
            _ = new RedisHaCluster("test", new RedisHaClusterArgs
            {
                Namespace = shared.Metadata.Apply(m => m.Name),
                CreateNamespace = false,
            });
            return new Dictionary<string, object?>();
        });

        var cluster = resources.OfType<RedisHaCluster>().Single();
        Assert.Equal("shared", await OutputUtilities.GetValueAsync(cluster.Namespace));
        Assert.Equal("redis-ha.shared.svc.cluster.local:6379", await OutputUtilities.GetValueAsync(cluster.Endpoint));
        Assert.Equal("shared", Map(mocks.Single(SecretType).Inputs["metadata"])["namespace"]);
        Assert.Contains("namespace: shared", Assert.IsType<string>(mocks.Single(ConfigGroupType).Inputs["yaml"]));
    }

    [Fact]
    public async Task An_input_that_resolves_later_is_validated_when_it_arrives()
    {
        var later = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var deploying = Deploy(new RedisHaClusterArgs { Namespace = Output.Create(later.Task) });
        later.SetResult("late");
        var (cluster, mocks) = await deploying;

        Assert.Equal("late", Map(mocks.Single(NamespaceType).Inputs["metadata"])["name"]);
        Assert.Equal("redis-ha.late.svc.cluster.local:6379", await OutputUtilities.GetValueAsync(cluster.Endpoint));
    }

    [Fact]
    public async Task Known_bad_inputs_fail_with_every_problem_before_anything_is_registered()
    {
        var mocks = new RecordingMocks();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks.Object, Test, () =>
        {
            _ = new RedisHaCluster("test", new RedisHaClusterArgs
            {
                Replicas = 4,
                FailoverProfile = "slow",
                Persistence = new PersistenceArgs { Size = "lots" },
                NetworkPolicy = new NetworkPolicyArgs { AllowedNamespaces = new[] { "Not_A_Label" } },
                Password = "",
            });
            return new Dictionary<string, object?>();
        }));

        Assert.Contains("replicas:", e.Message);
        Assert.Contains("failoverProfile:", e.Message);
        Assert.Contains("persistence.size:", e.Message);
        Assert.Contains("networkPolicy.allowedNamespaces:", e.Message);
        Assert.Contains("password: is empty", e.Message);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task Bad_inputs_that_resolve_later_fail_the_deployment_and_no_child_is_registered()
    {
        var later = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mocks = new RecordingMocks();

        var deploying = Deployment.TestAsync(mocks.Object, Test, () =>
        {
            _ = new RedisHaCluster("test", new RedisHaClusterArgs { Replicas = Output.Create(later.Task), FailoverProfile = "slow" });
            return new Dictionary<string, object?>();
        });
        later.SetResult(4);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => deploying);

        Assert.Contains("replicas:", e.Message);
        Assert.Contains("failoverProfile:", e.Message);
        Assert.DoesNotContain(NamespaceType, mocks.RegisteredTypes);
        Assert.DoesNotContain(SecretType, mocks.RegisteredTypes);
        Assert.DoesNotContain(ConfigGroupType, mocks.RegisteredTypes);
    }

    [Fact]
    public async Task An_input_unknown_during_preview_still_previews_the_component()
    {
        var (cluster, mocks) = await Deploy(
            new RedisHaClusterArgs { Namespace = OutputUtilities.CreateUnknown("not-known-yet") },
            test: new TestOptions { ProjectName = ConfigKeys.Project, StackName = "test", IsPreview = true });

        Assert.Equal("test", mocks.Single(ComponentType).Name);
        Assert.Contains(ConfigGroupType, mocks.RegisteredTypes);
        Assert.False(await OutputUtilities.GetIsKnownAsync(cluster.Endpoint));
    }

    [Fact]
    public async Task Without_auth_there_is_no_secret_and_no_password()
    {
        var (cluster, mocks) = await Deploy(new RedisHaClusterArgs { Namespace = "cache", Auth = false });

        Assert.DoesNotContain(SecretType, mocks.RegisteredTypes);
        Assert.DoesNotContain(RandomPasswordType, mocks.RegisteredTypes);
        Assert.Null(await OutputUtilities.GetValueAsync(cluster.Password));
        Assert.Null(await OutputUtilities.GetValueAsync(cluster.PasswordSecretName));
    }

    [Fact]
    public async Task A_password_without_auth_is_refused_without_quoting_it()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            Deploy(new RedisHaClusterArgs { Namespace = "cache", Auth = false, Password = "unused-4b1d" }));

        Assert.Contains("password: is set while auth is false", e.Message);
        Assert.DoesNotContain("unused-4b1d", e.Message);
    }

    [Fact]
    public async Task An_existing_namespace_is_used_and_not_created()
    {
        var (cluster, mocks) = await Deploy(new RedisHaClusterArgs { Namespace = "shared", CreateNamespace = false });

        Assert.DoesNotContain(NamespaceType, mocks.RegisteredTypes);
        Assert.Equal("shared", await OutputUtilities.GetValueAsync(cluster.Namespace));
        Assert.Equal("shared", Map(mocks.Single(SecretType).Inputs["metadata"])["namespace"]);
    }

    [Fact]
    public async Task Outputs_name_the_endpoints_and_the_master()
    {
        var (cluster, _) = await Deploy();

        Assert.Equal("redis-ha.cache.svc.cluster.local:6379", await OutputUtilities.GetValueAsync(cluster.Endpoint));
        Assert.Equal("redis-ha-sentinel.cache.svc.cluster.local:26379", await OutputUtilities.GetValueAsync(cluster.SentinelEndpoint));
        Assert.Equal("mymaster", await OutputUtilities.GetValueAsync(cluster.MasterName));
        Assert.Null(await OutputUtilities.GetValueAsync(cluster.ReadEndpoint));
    }

    [Fact]
    public async Task Kubernetes_children_use_the_provider_given_to_the_component()
    {
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks.Object, Test, () =>
        {
            var otherCluster = new Pulumi.Kubernetes.Provider("other-cluster", new Pulumi.Kubernetes.ProviderArgs { Context = "other" });
            _ = new RedisHaCluster("test", new RedisHaClusterArgs { Namespace = "cache" },
                new ComponentResourceOptions { Providers = { otherCluster } });
            return new Dictionary<string, object?>();
        });

        Assert.Contains("other-cluster_id", mocks.Single(NamespaceType).Provider);
        Assert.Contains("other-cluster_id", mocks.Single(SecretType).Provider);
    }
}
