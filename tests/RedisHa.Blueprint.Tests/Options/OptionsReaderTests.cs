using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Options;

public class OptionsReaderTests
{
    private static RedisHaOptions ReadValid(JsonObject raw)
    {
        var options = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        return options;
    }

    private static IReadOnlyList<ConfigProblem> ReadProblems(JsonObject raw)
    {
        OptionsReader.Read(raw, out var problems);
        return problems;
    }

    private static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

    [Fact]
    public void Reads_Pulumis_string_form_including_a_map_given_as_JSON_text()
    {
        var options = ReadValid(new JsonObject
        {
            ["replicas"] = "5",
            ["quorum"] = "3",
            ["auth"] = "false",
            ["createNamespace"] = "False",
            ["downAfterMilliseconds"] = "2000",
            ["maxMemory"] = "256mb",
            ["persistence"] = """{"size":"2Gi"}""",
        });

        Assert.Equal(5, options.Replicas);
        Assert.Equal(3, options.Quorum);
        Assert.False(options.Auth);
        Assert.False(options.CreateNamespace);
        Assert.Equal(2000, options.DownAfterMilliseconds);
        Assert.Equal("256mb", options.MaxMemory);
        Assert.Equal("2Gi", options.Persistence.Size);
        Assert.True(options.Persistence.Enabled); // not named, so the default stays
    }

    [Fact]
    public void Reads_typed_values_and_maps_as_a_YAML_file_gives_them()
    {
        var options = ReadValid(Json("""
            {
              "replicas": 5,
              "auth": false,
              "hardAntiAffinity": false,
              "minReplicasToWrite": 2,
              "persistence": { "enabled": false, "size": "2Gi", "storageClass": "fast-ssd" }
            }
            """));

        Assert.Equal(5, options.Replicas);
        Assert.False(options.Auth);
        Assert.False(options.HardAntiAffinity);
        Assert.Equal(2, options.MinReplicasToWrite);
        Assert.Equal(new PersistenceOptions { Enabled = false, Size = "2Gi", StorageClass = "fast-ssd" }, options.Persistence);
    }

    [Fact]
    public void The_string_form_and_the_typed_form_mean_the_same_options()
    {
        var fromStrings = ReadValid(new JsonObject
        {
            ["replicas"] = "5", ["auth"] = "true", ["persistence"] = """{"enabled":false,"size":"3Gi"}""",
            ["resources"] = """{"redis":{"limits":{"memory":"1Gi"}}}""",
        });
        var typed = ReadValid(Json("""
            { "replicas": 5, "auth": true, "persistence": { "enabled": false, "size": "3Gi" },
              "resources": { "redis": { "limits": { "memory": "1Gi" } } } }
            """));

        Assert.Equal(typed, fromStrings);
        Assert.NotEqual(new RedisHaOptions(), typed);
    }

    [Fact]
    public void A_key_in_the_wrong_case_is_reported_with_the_right_spelling_and_not_applied()
    {
        var options = OptionsReader.Read(new JsonObject { ["Replicas"] = "5" }, out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("Replicas", problem.Key);
        Assert.Contains("did you mean 'replicas'", problem.Message);
        Assert.Equal(3, options.Replicas);
    }

    [Fact]
    public void An_unknown_key_is_reported_with_the_known_keys()
    {
        var problem = Assert.Single(ReadProblems(new JsonObject { ["replica"] = "5" }));

        Assert.Equal("replica", problem.Key);
        Assert.Contains("unknown key", problem.Message);
        Assert.Contains("replicas", problem.Message);
        Assert.Contains("maxMemoryPolicy", problem.Message);
    }

    [Fact]
    public void Unknown_nested_keys_are_reported_with_their_dotted_path()
    {
        var problems = ReadProblems(Json("""
            {
              "persistence": { "Size": "2Gi" },
              "resources": { "redis": { "requests": { "cpus": "1" } }, "proxy": {} }
            }
            """));

        Assert.Contains(problems, p => p.Key == "persistence.Size" && p.Message.Contains("did you mean 'persistence.size'"));
        Assert.Contains(problems, p => p.Key == "resources.redis.requests.cpus" && p.Message.Contains("unknown key"));
        Assert.Contains(problems, p => p.Key == "resources.proxy" && p.Message.Contains("haproxy"));
        Assert.Equal(3, problems.Count);
    }

    [Theory]
    [InlineData("replicas", "three", "'three' is not a whole number")]
    [InlineData("replicas", "5.5", "'5.5' is not a whole number")]
    [InlineData("quorum", "", "'' is not a whole number")]
    [InlineData("auth", "yes", "'yes' is not true or false")]
    [InlineData("hardAntiAffinity", "1", "'1' is not true or false")]
    [InlineData("persistence", "2Gi", "must be a map")]
    [InlineData("resources", "{not json", "must be a map")]
    public void A_value_of_the_wrong_type_is_reported_with_its_key(string key, string value, string message)
    {
        var problem = Assert.Single(ReadProblems(new JsonObject { [key] = value }));

        Assert.Equal(key, problem.Key);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Typed_values_of_the_wrong_type_are_reported_too()
    {
        var problems = ReadProblems(Json("""{ "replicas": 5.5, "auth": 1, "name": { "a": 1 }, "persistence": [1] }"""));

        Assert.Contains(problems, p => p.Key == "replicas" && p.Message.Contains("'5.5' is not a whole number"));
        Assert.Contains(problems, p => p.Key == "auth" && p.Message.Contains("'1' is not true or false"));
        Assert.Contains(problems, p => p.Key == "name" && p.Message.Contains("not a list or map"));
        Assert.Contains(problems, p => p.Key == "persistence" && p.Message.Contains("must be a map"));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Nested_type_errors_name_the_full_path()
    {
        var problems = ReadProblems(Json("""{ "persistence": { "enabled": "sometimes" }, "resources": { "redis": { "limits": "1Gi" } } }"""));

        Assert.Contains(problems, p => p.Key == "persistence.enabled" && p.Message.Contains("'sometimes' is not true or false"));
        Assert.Contains(problems, p => p.Key == "resources.redis.limits" && p.Message.Contains("must be a map"));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void A_resources_block_replaces_only_the_parts_it_names()
    {
        var options = ReadValid(Json("""
            { "resources": { "redis": { "requests": { "cpu": "250m", "memory": "256Mi" } },
                             "haproxy": { "limits": { "cpu": "1", "memory": "256Mi" } } } }
            """));
        var defaults = new ResourcesOptions();

        Assert.Equal(new ContainerResources("250m", "256Mi", defaults.Redis.LimitCpu, defaults.Redis.LimitMemory), options.Resources.Redis);
        Assert.Equal(new ContainerResources(defaults.Haproxy.RequestCpu, defaults.Haproxy.RequestMemory, "1", "256Mi"), options.Resources.Haproxy);
        Assert.Equal(defaults.Sentinel, options.Resources.Sentinel);
    }

    [Fact]
    public void Setting_only_the_cpu_limit_keeps_the_default_memory_limit_and_null_removes_a_default()
    {
        var options = ReadValid(Json("""
            { "resources": { "redis": { "limits": { "cpu": "2" } },
                             "sentinel": { "limits": { "memory": null }, "requests": { "cpu": "30m" } } } }
            """));
        var defaults = new ResourcesOptions();

        Assert.Equal(defaults.Redis with { LimitCpu = "2" }, options.Resources.Redis);
        Assert.Equal("512Mi", options.Resources.Redis.LimitMemory);
        Assert.Equal(defaults.Sentinel with { LimitMemory = null, RequestCpu = "30m" }, options.Resources.Sentinel);
    }

    [Fact]
    public void Every_problem_is_collected_instead_of_stopping_at_the_first()
    {
        var problems = ReadProblems(new JsonObject
        {
            ["replicas"] = "three", ["auth"] = "maybe", ["Quorum"] = "2", ["persistence"] = "x",
        });

        Assert.Equal(["Quorum", "auth", "persistence", "replicas"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}
