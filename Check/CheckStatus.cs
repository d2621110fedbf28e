namespace RedisHa.Check;

/// <summary>The outcome of one line of a check; only <see cref="Failure"/> makes the check fail.</summary>
public enum CheckStatus
{
    Ok,
    Warning,
    Failure,
}
