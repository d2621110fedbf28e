namespace RedisHa.Cli.Check;

/// <summary>The outcome of one line of a check; only <see cref="Failure"/> makes the check fail.</summary>
internal enum CheckStatus
{
    Ok,
    Warning,
    Failure,
}
