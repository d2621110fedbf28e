namespace RedisHa.Cli.Tests;

/// <summary>The check's lab tests run one after another: each starts a pod lab (about twenty containers), and the machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class CheckLabCollection
{
    public const string Name = "check lab";
}
