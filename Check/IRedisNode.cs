namespace RedisHa.Check;

/// <summary>
/// One open connection to a redis-server, directly or through the endpoint: the few calls the check
/// makes, small enough to fake a failing network with a mock. Failures surface as
/// <see cref="RedisCallException"/> (or <see cref="TimeoutException"/>).
/// </summary>
public interface IRedisNode : IAsyncDisposable
{
    /// <summary>The fields of <c>INFO section</c>.</summary>
    Task<IReadOnlyDictionary<string, string>> InfoAsync(string section);

    Task SetAsync(string key, string value, TimeSpan expiry);

    Task<string?> GetAsync(string key);

    Task DeleteAsync(string key);
}
