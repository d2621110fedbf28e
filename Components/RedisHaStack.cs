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
        var options = OptionsReader.Read(StackConfigSource.Read(config), out var readProblems);
        RedisHaSpec spec;
        try
        {
            spec = OptionsValidator.Validate(options, readProblems);
        }
        catch (InvalidOptionsException e)
        {
            // Shown as the problem list alone, without a stack trace. Messages never quote the password.
            throw new RunException(e.Message, e);
        }
        // The password's text was needed for validation only; from here on it travels as a secret Output.
        spec = spec with { Options = spec.Options with { Password = spec.Auth && spec.Options.Password is not null ? StackConfigFile.EncryptedValue : null } };
        var password = config.GetSecret(ConfigKeys.Password);

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
            ["readEndpoint"] = cluster.ReadEndpoint,
            ["passwordSecretName"] = cluster.PasswordSecretName,
            ["password"] = cluster.Password,
        };
    }
}
