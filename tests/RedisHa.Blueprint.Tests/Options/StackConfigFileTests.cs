using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Options;

public class StackConfigFileTests
{
    private const string StackYaml = """
        encryptionsalt: v1:Zx8vA6jH2hE=:v1:cX1u0m3o9x3i5Z0F:7yJ5h3H9jRjQnJ8lT1Nn1w==
        config:
          kubernetes:context: kind-dev
          other-app:replicas: "9"
          redis-ha:replicas: 5
          redis-ha:auth: "true"
          redis-ha:failoverProfile: fast
          redis-ha:password:
            secure: v1:Wn3Y7nRk0mZ1V7Ls:bWm1Zs7c9HfYb8VtDk4k1w==
          redis-ha:persistence:
            enabled: true
            size: 2Gi
        """;

    private static (JsonObject Raw, List<ConfigProblem> Problems) Read(string yaml)
    {
        using var dir = new TempDirectory();
        var problems = new List<ConfigProblem>();
        var raw = StackConfigFile.Read(dir.Write("Pulumi.dev.yaml", yaml), problems);
        return (raw, problems);
    }

    [Fact]
    public void Keeps_only_this_projects_keys_without_their_prefix()
    {
        var (raw, problems) = Read(StackYaml);

        Assert.Empty(problems);
        Assert.Equal(["auth", "failoverProfile", "password", "persistence", "replicas"], raw.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("5", raw["replicas"]!.GetValue<string>());
        Assert.Equal("true", raw["auth"]!.GetValue<string>());
        Assert.Equal("fast", raw["failoverProfile"]!.GetValue<string>());
    }

    [Fact]
    public void A_secure_value_becomes_the_encrypted_marker_and_never_its_ciphertext()
    {
        var (raw, _) = Read(StackYaml);

        Assert.Equal(StackConfigFile.EncryptedValue, raw["password"]!.GetValue<string>());
        Assert.DoesNotContain("Wn3Y7nRk0mZ1V7Ls", raw.ToJsonString());
    }

    [Fact]
    public void A_nested_map_stays_a_map_that_the_reader_understands()
    {
        var (raw, _) = Read(StackYaml);

        var persistence = Assert.IsType<JsonObject>(raw["persistence"]);
        Assert.Equal("2Gi", persistence["size"]!.GetValue<string>());
        var options = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        Assert.Equal(5, options.Replicas);
        Assert.Equal("fast", options.FailoverProfile);
        Assert.Equal(new PersistenceOptions { Enabled = true, Size = "2Gi" }, options.Persistence);
    }

    [Fact]
    public void A_file_without_config_gives_no_keys_and_no_problems()
    {
        var (raw, problems) = Read("encryptionsalt: abc\n");

        Assert.Empty(raw);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_config_that_is_not_a_map_is_reported()
    {
        var (raw, problems) = Read("config: [1, 2]\n");

        Assert.Empty(raw);
        var problem = Assert.Single(problems);
        Assert.Equal("--config", problem.Key);
        Assert.Contains("'config' must be a map", problem.Message);
    }

    [Fact]
    public void Invalid_YAML_is_reported_not_thrown()
    {
        var (_, problems) = Read("config:\n  redis-ha:replicas: [unclosed\n");

        var problem = Assert.Single(problems);
        Assert.Equal("--config", problem.Key);
        Assert.Contains("cannot read", problem.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_not_thrown()
    {
        var problems = new List<ConfigProblem>();
        var raw = StackConfigFile.Read(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml"), problems);

        Assert.Empty(raw);
        var problem = Assert.Single(problems);
        Assert.Equal("--config", problem.Key);
        Assert.Contains("cannot read", problem.Message);
    }
}
