using System.Text.Json.Nodes;
using Pulumi;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Components;

/// <summary>
/// The body of the stack program: reads the stack's <c>redis-ha:</c> config, validates all of it
/// before any resource exists, deploys one <see cref="RedisHaCluster"/> and returns the stack outputs.
/// Program.cs runs it; tests run the same body under mocks.
/// </summary>
public static class RedisHaStack
{
    public static IDictionary<string, object?> Run()
    {
        var config = new Config(ConfigKeys.Project);
        var raw = new JsonObject();
        foreach (var key in ConfigKeys.TopLevel.Where(k => k != ConfigKeys.Password))
        {
            if (config.Get(key) is { } value) raw[key] = value;
        }

        // The validator needs to know that a password is set (a password with auth off is an error),
        // never its text: that stays a Pulumi secret from the config to the Kubernetes Secret.
        var password = config.GetSecret(ConfigKeys.Password);
        if (password is not null) raw[ConfigKeys.Password] = StackConfigFile.EncryptedValue;

        var options = OptionsReader.Read(raw, out var readProblems);
        RedisHaSpec spec;
        try
        {
            spec = OptionsValidator.Validate(options, readProblems);
        }
        catch (InvalidOptionsException e)
        {
            // Shown as the problem list alone, without a stack trace.
            throw new RunException(e.Message, e);
        }

        var cluster = new RedisHaCluster(spec.Name, new RedisHaClusterArgs
        {
            Spec = spec,
            Password = password is null ? null : (Input<string>)password,
        });

        return new Dictionary<string, object?>
        {
            ["endpoint"] = cluster.Endpoint,
            ["namespace"] = cluster.Namespace,
            ["masterName"] = cluster.MasterName,
            ["sentinelEndpoint"] = cluster.SentinelEndpoint,
            ["passwordSecretName"] = cluster.PasswordSecretName,
            ["password"] = cluster.Password,
        };
    }
}
