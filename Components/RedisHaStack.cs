using Pulumi;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Components;

/// <summary>
/// The body of the stack program: reads the stack's <c>redis-ha:</c> config, deploys one
/// <see cref="RedisHaCluster"/> from it, as any other program would, and returns the stack outputs.
/// The component validates the values (all problems at once, before any resource exists).
/// Program.cs runs it; tests run the same body under mocks.
/// </summary>
public static class RedisHaStack
{
    public static IDictionary<string, object?> Run()
    {
        var config = new Config(ConfigKeys.Project);
        var options = OptionsReader.Read(StackConfigSource.Read(config), out var readProblems);
        if (readProblems.Count > 0)
        {
            // Keys the reader could not read (misspelt, of the wrong type) never reach the component,
            // so they are reported here, together with whatever else the validator finds, all at once.
            // The validator sees the password's text; its messages never quote it.
            var problems = readProblems.ToList();
            OptionsValidator.TryValidate(options, problems);
            var invalid = new InvalidOptionsException(problems);
            throw new RunException(invalid.Message, invalid);
        }

        // The password's text was read for the check above only; the component gets it as a secret output.
        var password = config.GetSecret(ConfigKeys.Password);
        var previousPassword = config.GetSecret(ConfigKeys.PreviousPassword);
        var cluster = new RedisHaCluster(options.Name, ClusterArgsFromOptions.Create(options,
            password is null ? null : (Input<string>)password, previousPassword is null ? null : (Input<string>)previousPassword));

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
