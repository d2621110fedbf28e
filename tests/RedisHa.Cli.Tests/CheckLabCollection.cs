namespace RedisHa.Cli.Tests;

/// <summary>The check's lab tests run one after another: each starts real processes, and the machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class CheckLabCollection
{
    public const string Name = "check lab";
}
