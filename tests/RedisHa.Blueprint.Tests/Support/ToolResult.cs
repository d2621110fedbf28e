namespace RedisHa.Blueprint.Tests.Support;

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Everything the tool printed, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
