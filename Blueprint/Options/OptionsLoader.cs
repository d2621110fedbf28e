using System.Text.Json.Nodes;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Options;

/// <summary>
/// The CLI's path from a stack file and <c>--set</c> overrides to a validated spec: read, override,
/// bind, validate, and report every problem of every stage together.
/// </summary>
public static class OptionsLoader
{
    public static RedisHaSpec Load(string? stackFile, IEnumerable<string> overrides, Func<RedisHaOptions, RedisHaOptions>? adjust = null)
    {
        var problems = new List<ConfigProblem>();
        var raw = stackFile is null ? new JsonObject() : StackConfigFile.Read(stackFile, problems);
        ConfigOverrides.Apply(raw, overrides, problems);
        var options = OptionsReader.Read(raw, out var readProblems);
        problems.AddRange(readProblems);
        // An encrypted password is fine for rendering: the Blueprint never writes it anywhere. With
        // auth off it stays, so the validator rejects it as it does for the Pulumi program, which
        // sees the decrypted value.
        // During a rotation both stay placeholders: only whether a previous password is set shapes the objects.
        if (options.Password == StackConfigFile.EncryptedValue && options.Auth && options.PreviousPassword is null) options = options with { Password = null };
        if (adjust is not null) options = adjust(options);
        return OptionsValidator.Validate(options, problems);
    }
}
