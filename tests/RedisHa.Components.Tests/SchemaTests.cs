using Pulumi.Experimental.Provider;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components.Tests;

/// <summary>
/// The schema the component provider (Provider/) serves, as the SDK's analyzer reads it from the
/// component's classes: what `pulumi package add` turns into a TypeScript, Python, Go or YAML SDK.
/// The pinned SDK's analyzer emits no descriptions or secret flags; the password output is secret
/// because the component makes it so (RedisHaClusterTests).
/// </summary>
public class SchemaTests
{
    private const string Package = "redis-ha";
    private const string Types = "#/types/redis-ha:index:";

    private static readonly PackageSpec Schema = ComponentAnalyzer.GenerateSchema(new Metadata(Package), typeof(RedisHaCluster));

    private static ResourceSpec Component => Schema.Resources[RedisHaCluster.TypeToken];

    [Fact]
    public void The_package_serves_the_component_under_its_type_token()
    {
        Assert.Equal(Package, Schema.Name);
        Assert.Equal([RedisHaCluster.TypeToken], Schema.Resources.Keys);
    }

    [Fact]
    public void The_same_schema_comes_from_the_whole_assembly_as_the_provider_reads_it()
    {
        var fromAssembly = ComponentAnalyzer.GenerateSchema(new Metadata(Package), typeof(RedisHaCluster).Assembly);

        Assert.Equal(Schema.Resources.Keys, fromAssembly.Resources.Keys);
        Assert.Equal(Schema.Types.Keys, fromAssembly.Types.Keys);
    }

    [Fact]
    public void There_is_one_input_per_config_key_and_none_is_required()
    {
        Assert.Equal(ConfigKeys.TopLevel.Order(StringComparer.Ordinal), Component.InputProperties.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Component.RequiredInputs);
    }

    [Theory]
    [InlineData(ConfigKeys.Name, "string")]
    [InlineData(ConfigKeys.Namespace, "string")]
    [InlineData(ConfigKeys.ClusterDomain, "string")]
    [InlineData(ConfigKeys.Replicas, "integer")]
    [InlineData(ConfigKeys.HaproxyReplicas, "integer")]
    [InlineData(ConfigKeys.MasterName, "string")]
    [InlineData(ConfigKeys.FailoverProfile, "string")]
    [InlineData(ConfigKeys.DownAfterMilliseconds, "integer")]
    [InlineData(ConfigKeys.FailoverTimeoutMilliseconds, "integer")]
    [InlineData(ConfigKeys.HaproxyCheckIntervalMilliseconds, "integer")]
    [InlineData(ConfigKeys.Quorum, "integer")]
    [InlineData(ConfigKeys.RedisImage, "string")]
    [InlineData(ConfigKeys.HaproxyImage, "string")]
    [InlineData(ConfigKeys.Password, "string")]
    [InlineData(ConfigKeys.HardAntiAffinity, "boolean")]
    [InlineData(ConfigKeys.MaxMemory, "string")]
    [InlineData(ConfigKeys.MaxMemoryPolicy, "string")]
    [InlineData(ConfigKeys.MinReplicasToWrite, "integer")]
    [InlineData(ConfigKeys.MinReplicasMaxLag, "integer")]
    [InlineData(ConfigKeys.HardHaproxyAntiAffinity, "boolean")]
    [InlineData(ConfigKeys.TopologySpreadZones, "boolean")]
    [InlineData(ConfigKeys.PodDisruptionBudget, "boolean")]
    public void Scalar_inputs_take_outputs_of_other_resources(string input, string type)
    {
        var property = Component.InputProperties[input];

        Assert.Equal(type, property.Type);
        Assert.Null(property.Plain);
    }

    [Theory]
    [InlineData(ConfigKeys.Auth)]
    [InlineData(ConfigKeys.CreateNamespace)]
    public void The_inputs_that_decide_which_resources_exist_are_plain(string input)
    {
        var property = Component.InputProperties[input];

        Assert.Equal("boolean", property.Type);
        Assert.True(property.Plain);
    }

    [Theory]
    [InlineData(ConfigKeys.Persistence, "Persistence")]
    [InlineData(ConfigKeys.Resources, "Resources")]
    [InlineData(ConfigKeys.NetworkPolicy, "NetworkPolicy")]
    [InlineData(ConfigKeys.Metrics, "Metrics")]
    [InlineData(ConfigKeys.Tls, "Tls")]
    [InlineData(ConfigKeys.ReadEndpoint, "ReadEndpoint")]
    public void Grouped_inputs_are_object_types(string input, string type)
    {
        Assert.Equal(Types + type, Component.InputProperties[input].Ref);
        Assert.Null(Component.InputProperties[input].Plain);
        Assert.Empty(Schema.Types[$"{Package}:index:{type}"].Required);
    }

    [Fact]
    public void The_object_types_have_the_nested_config_keys()
    {
        Assert.Equal(
            ["ContainerResources", "Metrics", "NetworkPolicy", "Persistence", "ReadEndpoint", "ResourceQuantities", "Resources", "Tls"],
            Schema.Types.Keys.Select(k => k[$"{Package}:index:".Length..]).Order(StringComparer.Ordinal));
        AssertKeys(["enabled", "size", "storageClass"], "Persistence");
        AssertKeys(["redis", "sentinel", "haproxy"], "Resources");
        AssertKeys(["requests", "limits"], "ContainerResources");
        AssertKeys(["cpu", "memory"], "ResourceQuantities");
        AssertKeys(ConfigKeys.NetworkPolicyKeys, "NetworkPolicy");
        AssertKeys(ConfigKeys.MetricsKeys, "Metrics");
        AssertKeys(ConfigKeys.TlsKeys, "Tls");
        AssertKeys(ConfigKeys.ReadEndpointKeys, "ReadEndpoint");
    }

    [Fact]
    public void Nested_inputs_have_their_types()
    {
        var network = Schema.Types[$"{Package}:index:NetworkPolicy"].Properties;
        Assert.Equal("boolean", network["enabled"].Type);
        Assert.Equal("array", network["allowedNamespaces"].Type);
        Assert.Equal("string", network["allowedNamespaces"].Items!.Type);
        Assert.Equal("object", network["allowedPodLabels"].Type);
        Assert.Equal("string", network["allowedPodLabels"].AdditionalProperties!.Type);
        Assert.Equal("string", Schema.Types[$"{Package}:index:Metrics"].Properties["serviceMonitorLabels"].AdditionalProperties!.Type);
        Assert.Equal(Types + "ContainerResources", Schema.Types[$"{Package}:index:Resources"].Properties["redis"].Ref);
        Assert.Equal(Types + "ResourceQuantities", Schema.Types[$"{Package}:index:ContainerResources"].Properties["limits"].Ref);
        Assert.Equal("string", Schema.Types[$"{Package}:index:ResourceQuantities"].Properties["memory"].Type);
    }

    [Fact]
    public void Every_output_is_there_and_those_that_can_be_null_are_optional()
    {
        Assert.Equal(
            ["endpoint", "masterName", "namespace", "password", "passwordSecretName", "readEndpoint", "sentinelEndpoint"],
            Component.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.All(Component.Properties.Values, p => Assert.Equal("string", p.Type));
        Assert.Equal(["endpoint", "masterName", "namespace", "sentinelEndpoint"], Component.Required.Order(StringComparer.Ordinal));
    }

    private static void AssertKeys(IEnumerable<string> expected, string type) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), Schema.Types[$"{Package}:index:{type}"].Properties.Keys.Order(StringComparer.Ordinal));
}
