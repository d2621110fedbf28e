using System.CommandLine;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Cli.Commands;

/// <summary>The <c>--config FILE</c> and <c>--set key=value</c> options shared by every command that builds a spec.</summary>
internal sealed class ConfigInput
{
    /// <summary>Exit code for invalid input; every problem is printed on its own line on stderr.</summary>
    public const int InvalidInputExitCode = 2;

    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "A Pulumi stack file (Pulumi.<stack>.yaml); its redis-ha: keys are read as the Pulumi program reads them.",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a key: --set replicas=5, --set persistence.size=2Gi. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigFile);
        command.Options.Add(Set);
    }

    /// <summary>Builds the spec, or prints every problem to stderr and returns null.</summary>
    public RedisHaSpec? Load(ParseResult parse, TextWriter stderr, Func<RedisHaOptions, RedisHaOptions>? adjust = null)
    {
        try
        {
            return OptionsLoader.Load(parse.GetValue(ConfigFile)?.FullName, parse.GetValue(Set) ?? [], adjust);
        }
        catch (InvalidOptionsException e)
        {
            foreach (var problem in e.Problems) stderr.WriteLine($"error: {problem}");
            return null;
        }
    }
}
