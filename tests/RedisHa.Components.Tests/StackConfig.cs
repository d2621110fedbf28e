using System.Text.Json;
using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components.Tests;

/// <summary>
/// Hands a program stack config the way the language host does: every value a string in the JSON
/// object of PULUMI_CONFIG, the secret keys listed in PULUMI_CONFIG_SECRET_KEYS. Cleared on dispose.
/// </summary>
public sealed class StackConfig : IDisposable
{
    private const string ConfigVariable = "PULUMI_CONFIG";
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    /// <param name="values">Keys without the <c>redis-ha:</c> prefix; structured values as JSON text, as Pulumi passes them.</param>
    public StackConfig(IReadOnlyDictionary<string, string> values)
    {
        var config = new JsonObject();
        foreach (var (key, value) in values) config[$"{ConfigKeys.Project}:{key}"] = value;
        string[] secretKeys = values.ContainsKey(ConfigKeys.Password) ? [$"{ConfigKeys.Project}:{ConfigKeys.Password}"] : [];
        Environment.SetEnvironmentVariable(ConfigVariable, config.ToJsonString());
        Environment.SetEnvironmentVariable(SecretKeysVariable, JsonSerializer.Serialize(secretKeys));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ConfigVariable, null);
        Environment.SetEnvironmentVariable(SecretKeysVariable, null);
    }
}
