using System.Text.Json.Nodes;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Options;

/// <summary>
/// Applies <c>--set key=value</c> overrides to raw configuration. A dotted key reaches into a map
/// (<c>persistence.size=2Gi</c>), like <c>pulumi config set --path</c>. The <c>redis-ha:</c>
/// prefix is accepted and dropped, so keys can be copied from a stack file.
/// </summary>
public static class ConfigOverrides
{
    public static void Apply(JsonObject raw, IEnumerable<string> assignments, List<ConfigProblem> problems)
    {
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=');
            if (eq <= 0)
            {
                problems.Add(new ConfigProblem("--set", $"'{assignment}' is not key=value"));
                continue;
            }
            var key = assignment[..eq].Trim();
            if (key.StartsWith(ConfigKeys.Project + ":", StringComparison.Ordinal)) key = key[(ConfigKeys.Project.Length + 1)..];
            var path = key.Split('.');
            if (path.Any(string.IsNullOrEmpty))
            {
                problems.Add(new ConfigProblem("--set", $"'{key}' has an empty part"));
                continue;
            }
            var target = raw;
            foreach (var part in path[..^1])
            {
                if (target[part] is JsonObject child) target = child;
                else if (target[part] is JsonValue v && v.TryGetValue<string>(out var text) && TryParseObject(text) is { } parsed)
                {
                    target[part] = parsed;
                    target = parsed;
                }
                else
                {
                    var created = new JsonObject();
                    target[part] = created;
                    target = created;
                }
            }
            target[path[^1]] = JsonValue.Create(assignment[(eq + 1)..]);
        }
    }

    private static JsonObject? TryParseObject(string text)
    {
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
