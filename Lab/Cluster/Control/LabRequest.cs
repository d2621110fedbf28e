namespace RedisHa.Lab.Cluster.Control;

/// <summary>
/// One command to the process that runs a lab (one JSON line on its control socket): a verb, the
/// pod/container it targets, a command line for exec and client, options for apply.
/// </summary>
public sealed record LabRequest(string Verb)
{
    public string? Pod { get; init; }
    public string? Container { get; init; }
    public string? Namespace { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? From { get; init; }
    public bool Wipe { get; init; }
    public string? Kind { get; init; }
    public Blueprint.Options.RedisHaOptions? Options { get; init; }
    public double TimeoutSeconds { get; init; } = 60;
}
