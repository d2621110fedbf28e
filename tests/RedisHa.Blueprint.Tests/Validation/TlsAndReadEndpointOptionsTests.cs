using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Validation;

/// <summary>The tls and readEndpoint keys: read in every form a stack file, Pulumi or --set gives them, and validated.</summary>
public class TlsAndReadEndpointOptionsTests
{
    private static readonly RedisHaOptions WithTls = new() { Tls = new TlsOptions { Enabled = true, SecretName = "redis-tls" } };

    private static RedisHaOptions ReadValid(JsonObject raw)
    {
        var options = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        return options;
    }

    private static IReadOnlyList<ConfigProblem> Problems(RedisHaOptions options)
    {
        var problems = new List<ConfigProblem>();
        OptionsValidator.TryValidate(options, problems);
        return problems;
    }

    [Fact]
    public void Both_are_off_by_default()
    {
        var o = new RedisHaOptions();

        Assert.False(o.Tls.Enabled);
        Assert.Null(o.Tls.SecretName);
        Assert.False(o.Tls.AuthClients);
        Assert.False(o.ReadEndpoint.Enabled);
        var spec = OptionsValidator.Validate(o);
        Assert.False(spec.Tls);
        Assert.Null(spec.ReadEndpoint);
    }

    [Fact]
    public void Reads_maps_from_a_stack_file_and_JSON_text_from_Pulumi()
    {
        var typed = ReadValid((JsonObject)JsonNode.Parse("""
            { "tls": { "enabled": true, "secretName": "redis-tls", "authClients": true }, "readEndpoint": { "enabled": true } }
            """)!);
        var text = ReadValid(new JsonObject
        {
            ["tls"] = """{"enabled":"true","secretName":"redis-tls"}""",
            ["readEndpoint"] = """{"enabled":"true"}""",
        });

        Assert.Equal(new TlsOptions { Enabled = true, SecretName = "redis-tls", AuthClients = true }, typed.Tls);
        Assert.True(typed.ReadEndpoint.Enabled);
        Assert.Equal(new TlsOptions { Enabled = true, SecretName = "redis-tls" }, text.Tls);
        Assert.True(text.ReadEndpoint.Enabled);
    }

    [Fact]
    public void Set_overrides_reach_into_both_maps()
    {
        var raw = new JsonObject();
        var problems = new List<ConfigProblem>();
        ConfigOverrides.Apply(raw, ["tls.enabled=true", "tls.secretName=lab", "readEndpoint.enabled=true"], problems);

        var options = ReadValid(raw);

        Assert.Empty(problems);
        Assert.Equal(new TlsOptions { Enabled = true, SecretName = "lab" }, options.Tls);
        Assert.True(options.ReadEndpoint.Enabled);
        OptionsValidator.Validate(options);
    }

    [Fact]
    public void Unknown_keys_inside_the_maps_are_named_with_their_path()
    {
        OptionsReader.Read((JsonObject)JsonNode.Parse("""{ "tls": { "secret": "x", "SecretName": "y" }, "readEndpoint": { "port": 7000 } }""")!, out var problems);

        Assert.Equal(["readEndpoint.port", "tls.SecretName", "tls.secret"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("did you mean 'tls.secretName'?", problems.Single(p => p.Key == "tls.SecretName").Message);
        Assert.Contains("authClients, enabled, secretName", problems.Single(p => p.Key == "tls.secret").Message);
    }

    [Fact]
    public void Wrong_types_are_named_with_their_path()
    {
        OptionsReader.Read((JsonObject)JsonNode.Parse("""{ "tls": { "enabled": "yes", "authClients": [] }, "readEndpoint": "on" }""")!, out var problems);

        Assert.Equal(["readEndpoint", "tls.authClients", "tls.enabled"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tls_needs_a_secret_name()
    {
        var problem = Assert.Single(Problems(new RedisHaOptions { Tls = new TlsOptions { Enabled = true } }));

        Assert.Equal("tls.secretName", problem.Key);
        Assert.Contains("required when tls.enabled is true", problem.Message);
        Assert.Contains("tls.crt, tls.key and ca.crt", problem.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Redis-TLS")]
    [InlineData("redis_tls")]
    [InlineData("-redis")]
    [InlineData("redis.")]
    [InlineData("redis-tls\n")]
    public void The_secret_name_must_be_a_dns_subdomain(string name)
    {
        var problem = Assert.Single(Problems(WithTls with { Tls = WithTls.Tls with { SecretName = name } }));

        Assert.Equal("tls.secretName", problem.Key);
        Assert.Contains("DNS-1123 subdomain", problem.Message);
    }

    [Theory]
    [InlineData("redis-tls")]
    [InlineData("redis.tls.v2")]
    [InlineData("a")]
    public void Secret_names_cert_manager_would_create_are_accepted(string name)
    {
        Assert.Empty(Problems(WithTls with { Tls = WithTls.Tls with { SecretName = name, AuthClients = true } }));
    }

    [Fact]
    public void Tls_parts_without_tls_enabled_are_reported_not_ignored()
    {
        var problems = Problems(new RedisHaOptions { Tls = new TlsOptions { SecretName = "redis-tls", AuthClients = true } });

        Assert.Equal(["tls.authClients", "tls.secretName"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Contains("tls.enabled is false", p.Message));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_others()
    {
        var problems = Problems(new RedisHaOptions { Replicas = 4, Tls = new TlsOptions { Enabled = true } });

        Assert.Equal(["replicas", "tls.secretName"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}
