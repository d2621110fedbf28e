namespace RedisHa.Lab.Node.Containers;

/// <summary>The outcome of a command run inside a container (a probe, a hook, `lab exec`).</summary>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
