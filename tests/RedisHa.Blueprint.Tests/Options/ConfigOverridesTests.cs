using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Options;

public class ConfigOverridesTests
{
    private static (JsonObject Raw, List<ConfigProblem> Problems) Apply(JsonObject raw, params string[] assignments)
    {
        var problems = new List<ConfigProblem>();
        ConfigOverrides.Apply(raw, assignments, problems);
        return (raw, problems);
    }

    [Fact]
    public void Sets_a_top_level_key_as_a_string_like_pulumi_config_set()
    {
        var (raw, problems) = Apply(new JsonObject(), "replicas=5");

        Assert.Empty(problems);
        Assert.Equal("5", raw["replicas"]!.GetValue<string>());
    }

    [Fact]
    public void An_override_replaces_the_stack_files_value()
    {
        var (raw, _) = Apply(new JsonObject { ["replicas"] = "3" }, "replicas=5");

        Assert.Equal(5, OptionsReader.Read(raw, out _).Replicas);
    }

    [Fact]
    public void The_project_prefix_is_accepted_and_dropped()
    {
        var (raw, problems) = Apply(new JsonObject(), "redis-ha:quorum=3");

        Assert.Empty(problems);
        Assert.Equal(["quorum"], raw.Select(kv => kv.Key));
    }

    [Fact]
    public void A_dotted_key_reaches_into_a_map_and_keeps_its_other_entries()
    {
        var raw = new JsonObject { ["persistence"] = new JsonObject { ["enabled"] = "true", ["storageClass"] = "ssd" } };

        var (result, problems) = Apply(raw, "persistence.size=2Gi", "resources.redis.limits.memory=1Gi");

        Assert.Empty(problems);
        var options = OptionsReader.Read(result, out var readProblems);
        Assert.Empty(readProblems);
        Assert.Equal(new PersistenceOptions { Enabled = true, Size = "2Gi", StorageClass = "ssd" }, options.Persistence);
        Assert.Equal("1Gi", options.Resources.Redis.LimitMemory);
    }

    [Fact]
    public void A_dotted_key_reaches_into_a_map_given_as_JSON_text()
    {
        var (raw, _) = Apply(new JsonObject { ["persistence"] = """{"enabled":"false"}""" }, "persistence.size=5Gi");

        var options = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        Assert.Equal(new PersistenceOptions { Enabled = false, Size = "5Gi" }, options.Persistence);
    }

    [Fact]
    public void Only_the_first_equals_sign_separates_key_and_value()
    {
        var (raw, _) = Apply(new JsonObject(), "password=a=b c");

        Assert.Equal("a=b c", raw["password"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("novalue", "'novalue' is not key=value")]
    [InlineData("=5", "'=5' is not key=value")]
    [InlineData("persistence..size=1Gi", "'persistence..size' has an empty part")]
    [InlineData("redis-ha:=1", "'' has an empty part")]
    public void A_malformed_assignment_is_reported_under_set(string assignment, string message)
    {
        var (raw, problems) = Apply(new JsonObject(), assignment);

        var problem = Assert.Single(problems);
        Assert.Equal("--set", problem.Key);
        Assert.Equal(message, problem.Message);
        Assert.Empty(raw);
    }

    [Fact]
    public void Malformed_assignments_do_not_stop_the_good_ones()
    {
        var (raw, problems) = Apply(new JsonObject(), "novalue", "replicas=5", "alsobad");

        Assert.Equal(2, problems.Count);
        Assert.Equal("5", raw["replicas"]!.GetValue<string>());
    }
}
