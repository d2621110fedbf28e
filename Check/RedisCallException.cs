namespace RedisHa.Check;

/// <summary>A failed call, with a message meant for the report (never containing the password).</summary>
internal sealed class RedisCallException(RedisCallFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public RedisCallFailure Failure { get; } = failure;
}
