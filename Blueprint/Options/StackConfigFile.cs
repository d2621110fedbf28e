using System.Text.Json.Nodes;
using RedisHa.Blueprint.Validation;
using YamlDotNet.RepresentationModel;

namespace RedisHa.Blueprint.Options;

/// <summary>
/// Reads a Pulumi stack file (<c>Pulumi.&lt;stack&gt;.yaml</c>) the way the Pulumi program sees it:
/// the <c>config:</c> map, keeping the <c>redis-ha:</c> keys without their prefix. Keys of other
/// namespaces (<c>kubernetes:context</c>) are not ours and are skipped. Encrypted values
/// (<c>secure:</c>) cannot be read without Pulumi; they are reported as present but unknown.
/// </summary>
public static class StackConfigFile
{
    /// <summary>Marks a value that is encrypted in the stack file; the Blueprint never needs its text.</summary>
    public const string EncryptedValue = "<encrypted>";

    public static JsonObject Read(string path, List<ConfigProblem> problems)
    {
        var result = new JsonObject();
        YamlStream yaml = new();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            problems.Add(new ConfigProblem("--config", $"cannot read {path}: {e.Message}"));
            return result;
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return result;
        if (!root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode)) return result;
        if (configNode is not YamlMappingNode config)
        {
            problems.Add(new ConfigProblem("--config", $"{path}: 'config' must be a map"));
            return result;
        }
        const string prefix = ConfigKeys.Project + ":";
        foreach (var (keyNode, valueNode) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            result[key[prefix.Length..]] = ToJson(valueNode);
        }
        return result;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null ? null : JsonValue.Create(s.Value),
        YamlMappingNode m when m.Children.Count == 1 && m.Children.ContainsKey(new YamlScalarNode("secure")) => JsonValue.Create(EncryptedValue),
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode q => new JsonArray(q.Children.Select(ToJson).ToArray()),
        _ => null,
    };
}
