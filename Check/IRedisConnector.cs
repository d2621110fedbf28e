namespace RedisHa.Check;

/// <summary>Opens connections for the check; it alone holds the password.</summary>
public interface IRedisConnector
{
    Task<IRedisNode> ConnectAsync(RedisAddress address, CancellationToken cancel);

    Task<ISentinelNode> ConnectSentinelAsync(RedisAddress address, CancellationToken cancel);
}
