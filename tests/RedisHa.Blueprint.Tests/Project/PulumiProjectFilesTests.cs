using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using YamlDotNet.RepresentationModel;

namespace RedisHa.Blueprint.Tests.Project;

/// <summary>
/// Pulumi.yaml and the example stack file (Pulumi-free, so CI runs them although it cannot build the Pulumi projects). Pulumi hands the program a declared key's default when a
/// stack leaves the key out, while `redis-ha render --config` knows only RedisHaOptions' defaults, so
/// the two must be the same values.
/// </summary>
public class PulumiProjectFilesTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Keys whose default is "not set": Pulumi would require them if they were declared.</summary>
    private static readonly string[] UndeclaredKeys =
    [
        ConfigKeys.Password, ConfigKeys.PreviousPassword, ConfigKeys.DownAfterMilliseconds, ConfigKeys.FailoverTimeoutMilliseconds,
        ConfigKeys.HaproxyCheckIntervalMilliseconds, ConfigKeys.Quorum, ConfigKeys.MaxMemory,
    ];

    [Fact]
    public void The_project_is_the_dotnet_program_named_like_the_config_prefix()
    {
        var project = LoadMapping("Pulumi.yaml");

        Assert.Equal(ConfigKeys.Project, Scalar(project, "name"));
        Assert.Equal("dotnet", Scalar(project, "runtime"));
    }

    [Fact]
    public void Declared_defaults_are_exactly_the_options_defaults()
    {
        var defaults = new JsonObject();
        foreach (var (key, declaration) in Declarations())
        {
            Assert.True(declaration.Children.ContainsKey(new YamlScalarNode("default")), $"{key} declares no default, so Pulumi would require it");
            Assert.True(declaration.Children.ContainsKey(new YamlScalarNode("description")), $"{key} has no description");
            defaults[key] = ToJson(declaration.Children[new YamlScalarNode("default")]);
        }

        var options = OptionsReader.Read(defaults, out var problems);

        Assert.Empty(problems);
        Assert.Equal(new RedisHaOptions(), options);
    }

    [Fact]
    public void Every_key_is_declared_except_those_without_a_default()
    {
        var declared = Declarations().Select(d => d.Key).ToHashSet();

        Assert.Equal(
            ConfigKeys.TopLevel.Except(UndeclaredKeys).Order(StringComparer.Ordinal),
            declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_example_stack_is_valid_as_documented()
    {
        var spec = OptionsLoader.Load(Path.Combine(Root, "Pulumi.dev.yaml"), []);

        Assert.Equal("redis-dev", spec.Namespace);
        Assert.Equal(3, spec.Replicas);
        Assert.Equal("fast", spec.Timings.ProfileName);
        Assert.Equal("2Gi", spec.Options.Persistence.Size);
        Assert.True(spec.Options.Persistence.Enabled);
        Assert.Null(spec.Options.Password);
    }

    private static IEnumerable<(string Key, YamlMappingNode Declaration)> Declarations()
    {
        var config = Assert.IsType<YamlMappingNode>(LoadMapping("Pulumi.yaml").Children[new YamlScalarNode("config")]);
        return config.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", Assert.IsType<YamlMappingNode>(kv.Value)));
    }

    private static YamlMappingNode LoadMapping(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, file))) yaml.Load(reader);
        return Assert.IsType<YamlMappingNode>(yaml.Documents[0].RootNode);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        Assert.IsType<YamlScalarNode>(map.Children[new YamlScalarNode(key)]).Value;

    /// <summary>Scalars as strings, the form in which Pulumi hands config to the program.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null ? null : JsonValue.Create(s.Value),
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode q => new JsonArray(q.Children.Select(ToJson).ToArray()),
        _ => null,
    };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && File.Exists(Path.Combine(dir.FullName, "RedisHa.csproj")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Pulumi.yaml and RedisHa.csproj");
    }
}
