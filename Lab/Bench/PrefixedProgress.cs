namespace RedisHa.Lab.Bench;

/// <summary>Passes progress messages on with a prefix, so a lab's start-up lines say which profile they belong to.</summary>
public sealed class PrefixedProgress(IProgress<string> inner, string prefix) : IProgress<string>
{
    public void Report(string value) => inner.Report(prefix + value);
}
