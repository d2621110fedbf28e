using System.Collections.Immutable;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;
using RedisHa.Blueprint.Options;
using static RedisHa.Components.Tests.RecordingMocks;

namespace RedisHa.Components.Tests;

/// <summary>The stack program itself, run as `pulumi up` runs it, with the stack config it would get.</summary>
public class RedisHaStackTests
{
    private static readonly TestOptions Test = new() { ProjectName = ConfigKeys.Project, StackName = "dev", IsPreview = false };

    private static Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> Run(RecordingMocks mocks) =>
        Deployment.TestAsync(mocks.Object, Test, () => RedisHaStack.Run());

    private static Task<T> Value<T>(IDictionary<string, object?> outputs, string name) =>
        OutputUtilities.GetValueAsync(Assert.IsAssignableFrom<Output<T>>(outputs[name]));

    [Fact]
    public async Task Outputs_follow_the_stack_config()
    {
        using var config = new StackConfig(new Dictionary<string, string>
        {
            ["namespace"] = "redis-dev",
            ["replicas"] = "3",
            ["failoverProfile"] = "fast",
            ["persistence"] = """{"size":"2Gi"}""",
            ["password"] = "from-config",
        });
        var mocks = new RecordingMocks();

        var (_, outputs) = await Run(mocks);

        Assert.Equal("redis-ha.redis-dev.svc.cluster.local:6379", await Value<string>(outputs, "endpoint"));
        Assert.Equal("redis-dev", await Value<string>(outputs, "namespace"));
        Assert.Equal("mymaster", await Value<string>(outputs, "masterName"));
        Assert.Equal("redis-ha-sentinel.redis-dev.svc.cluster.local:26379", await Value<string>(outputs, "sentinelEndpoint"));
        Assert.Equal("redis-ha-auth", await Value<string?>(outputs, "passwordSecretName"));
        Assert.Null(await Value<string?>(outputs, "readEndpoint"));
        var password = Assert.IsAssignableFrom<Output<string?>>(outputs["password"]);
        Assert.True(await Output.IsSecretAsync(password));
        Assert.Equal("from-config", await OutputUtilities.GetValueAsync(password));

        Assert.Equal("redis-ha", mocks.Single(ComponentType).Name);
        Assert.DoesNotContain(RandomPasswordType, mocks.RegisteredTypes);
        Assert.Contains("2Gi", Assert.IsType<string>(mocks.Single(ConfigGroupType).Inputs["yaml"]));
    }

    [Fact]
    public async Task The_read_endpoint_is_exported_when_enabled()
    {
        using var config = new StackConfig(new Dictionary<string, string> { ["readEndpoint"] = """{"enabled":true}""" });

        var (_, outputs) = await Run(new RecordingMocks());

        Assert.Equal("redis-ha-read.redis.svc.cluster.local:6380", await Value<string?>(outputs, "readEndpoint"));
    }

    [Fact]
    public async Task Without_a_password_in_the_config_one_is_generated_and_exported_as_a_secret()
    {
        using var config = new StackConfig(new Dictionary<string, string> { ["namespace"] = "redis-dev" });
        var mocks = new RecordingMocks();

        var (_, outputs) = await Run(mocks);

        Assert.Contains(RandomPasswordType, mocks.RegisteredTypes);
        var password = Assert.IsAssignableFrom<Output<string?>>(outputs["password"]);
        Assert.True(await Output.IsSecretAsync(password));
        Assert.Equal(GeneratedPassword, await OutputUtilities.GetValueAsync(password));
    }

    [Fact]
    public async Task Invalid_config_fails_naming_every_bad_key_before_any_resource_exists()
    {
        using var config = new StackConfig(new Dictionary<string, string>
        {
            ["replicas"] = "4",
            ["failoverProfile"] = "slow",
        });
        var mocks = new RecordingMocks();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Run(mocks));

        Assert.Contains("replicas", e.Message);
        Assert.Contains("failoverProfile", e.Message);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task A_password_with_auth_off_is_refused_without_reading_the_password()
    {
        using var config = new StackConfig(new Dictionary<string, string>
        {
            ["auth"] = "false",
            ["password"] = "not-printed-9c1e",
        });
        var mocks = new RecordingMocks();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Run(mocks));

        Assert.Contains("password", e.Message);
        Assert.DoesNotContain("not-printed-9c1e", e.Message);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task A_misspelt_key_and_an_empty_password_are_reported_together()
    {
        using var config = new StackConfig(new Dictionary<string, string>
        {
            ["replica"] = "5",
            ["password"] = "",
        });
        var mocks = new RecordingMocks();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Run(mocks));

        Assert.Contains("replica: unknown key", e.Message);
        Assert.Contains("password: is empty", e.Message);
        Assert.Empty(mocks.Registered);
    }
}
