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

    private static RedisHaSpec Spec(RedisHaOptions? options = null) =>
        OptionsValidator.Validate(options ?? new RedisHaOptions { Namespace = "cache" });

    private static async Task<(RedisHaCluster Cluster, RecordingMocks Mocks)> Deploy(
        RedisHaSpec spec, string? password = null, ComponentResourceOptions? options = null)
    {
        var mocks = new RecordingMocks();
        var (resources, _) = await Deployment.TestAsync(mocks.Object, Test, () =>
        {
            _ = new RedisHaCluster("test", new RedisHaClusterArgs
            {
                Spec = spec,
                Password = password is null ? null : (Input<string>)password,
            }, options);
            return new Dictionary<string, object?>();
        });
        return (resources.OfType<RedisHaCluster>().Single(), mocks);
    }

    [Fact]
    public async Task Registers_its_type_with_a_namespace_a_generated_password_its_secret_and_one_config_group()
    {
        var (_, mocks) = await Deploy(Spec());

        Assert.Equal(
            new[] { ComponentType, NamespaceType, SecretType, ConfigGroupType, RandomPasswordType }.Order(StringComparer.Ordinal),
            mocks.RegisteredTypes);
        Assert.Equal("test", mocks.Single(ComponentType).Name);
    }

    [Fact]
    public async Task The_namespace_carries_the_blueprints_name_and_labels()
    {
        var spec = Spec();

        var (cluster, mocks) = await Deploy(spec);

        var expected = RedisHaBlueprint.Create(spec).Kubernetes.All.OfType<k8s.Models.V1Namespace>().Single().Metadata;
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
        var spec = Spec();

        var (cluster, mocks) = await Deploy(spec);

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

        var (cluster, mocks) = await Deploy(Spec(), given);

        Assert.DoesNotContain(RandomPasswordType, mocks.RegisteredTypes);
        Assert.Equal(given, Map(mocks.Single(SecretType).Inputs["stringData"])[ObjectNames.PasswordKey]);
        Assert.True(await Output.IsSecretAsync(cluster.Password));
        Assert.Equal(given, await OutputUtilities.GetValueAsync(cluster.Password));
    }

    [Fact]
    public async Task The_config_group_carries_the_blueprints_workload_and_never_the_password()
    {
        const string given = "never-in-yaml-7f3a";
        var spec = Spec();

        var (_, mocks) = await Deploy(spec, given);

        var yaml = Assert.IsType<string>(mocks.Single(ConfigGroupType).Inputs["yaml"]);
        Assert.Equal(ManifestYaml.Serialize(RedisHaBlueprint.Create(spec).Kubernetes.Workload), yaml);
        Assert.Contains("kind: StatefulSet", yaml);
        Assert.Contains(spec.Names.ServerStatefulSet, yaml);
        Assert.DoesNotContain("kind: Namespace", yaml);
        Assert.DoesNotContain(given, yaml);
    }

    [Fact]
    public async Task Without_auth_there_is_no_secret_and_no_password()
    {
        var (cluster, mocks) = await Deploy(Spec(new RedisHaOptions { Namespace = "cache", Auth = false }));

        Assert.DoesNotContain(SecretType, mocks.RegisteredTypes);
        Assert.DoesNotContain(RandomPasswordType, mocks.RegisteredTypes);
        Assert.Null(await OutputUtilities.GetValueAsync(cluster.Password));
        Assert.Null(await OutputUtilities.GetValueAsync(cluster.PasswordSecretName));
    }

    [Fact]
    public async Task A_password_for_a_spec_without_auth_is_refused()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() =>
            Deploy(Spec(new RedisHaOptions { Namespace = "cache", Auth = false }), "unused"));

        Assert.Contains("auth off", e.Message);
    }

    [Fact]
    public async Task An_existing_namespace_is_used_and_not_created()
    {
        var (cluster, mocks) = await Deploy(Spec(new RedisHaOptions { Namespace = "shared", CreateNamespace = false }));

        Assert.DoesNotContain(NamespaceType, mocks.RegisteredTypes);
        Assert.Equal("shared", await OutputUtilities.GetValueAsync(cluster.Namespace));
        Assert.Equal("shared", Map(mocks.Single(SecretType).Inputs["metadata"])["namespace"]);
    }

    [Fact]
    public async Task Outputs_name_the_endpoints_and_the_master()
    {
        var (cluster, _) = await Deploy(Spec());

        Assert.Equal("redis-ha.cache.svc.cluster.local:6379", await OutputUtilities.GetValueAsync(cluster.Endpoint));
        Assert.Equal("redis-ha-sentinel.cache.svc.cluster.local:26379", await OutputUtilities.GetValueAsync(cluster.SentinelEndpoint));
        Assert.Equal("mymaster", await OutputUtilities.GetValueAsync(cluster.MasterName));
    }

    [Fact]
    public async Task Kubernetes_children_use_the_provider_given_to_the_component()
    {
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks.Object, Test, () =>
        {
            var otherCluster = new Pulumi.Kubernetes.Provider("other-cluster", new Pulumi.Kubernetes.ProviderArgs { Context = "other" });
            _ = new RedisHaCluster("test", new RedisHaClusterArgs { Spec = Spec() },
                new ComponentResourceOptions { Providers = { otherCluster } });
            return new Dictionary<string, object?>();
        });

        Assert.Contains("other-cluster_id", mocks.Single(NamespaceType).Provider);
        Assert.Contains("other-cluster_id", mocks.Single(SecretType).Provider);
    }
}
