using System.Text.Json;
using System.Text.Json.Nodes;
using Pulumi;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components;

/// <summary>
/// The stack's <c>redis-ha:</c> configuration as raw values for <see cref="OptionsReader"/>.
/// Pulumi's <see cref="Config"/> can only be asked for keys one knows, so a misspelt key would be
/// ignored without a word; the language host hands the program its whole config in PULUMI_CONFIG
/// (the same source <see cref="Config"/> reads), so every <c>redis-ha:</c> key is taken from there
/// and an unknown one is reported like any other problem. The values include the decrypted
/// password, which is only validated, never passed on: the component gets it as a secret Output.
/// </summary>
public static class StackConfigSource
{
    private const string ConfigVariable = "PULUMI_CONFIG";

    public static JsonObject Read(Config config)
    {
        var prefix = ConfigKeys.Project + ":";
        if (Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } json &&
            TryParse(json) is { } all)
        {
            var raw = new JsonObject();
            foreach (var (key, value) in all)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && value is JsonValue v && v.TryGetValue<string>(out var text))
                    raw[key[prefix.Length..]] = text;
            }
            return raw;
        }

        // Without PULUMI_CONFIG, ask for each known key. The password's text stays unread: only its
        // presence matters to the validator.
        var known = new JsonObject();
        foreach (var key in ConfigKeys.TopLevel.Where(k => k is not (ConfigKeys.Password or ConfigKeys.PreviousPassword)))
        {
            if (config.Get(key) is { } value) known[key] = value;
        }
        foreach (var key in new[] { ConfigKeys.Password, ConfigKeys.PreviousPassword })
            if (config.GetSecret(key) is not null) known[key] = StackConfigFile.EncryptedValue;
        return known;
    }

    private static JsonObject? TryParse(string json)
    {
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return null; }
    }
}
