namespace RedisHa.Check;

/// <summary>One open connection to a redis-sentinel: the two questions the check asks it.</summary>
public interface ISentinelNode : IAsyncDisposable
{
    /// <summary><c>SENTINEL get-master-addr-by-name</c>: the master it names, or null when it knows no such master.</summary>
    Task<RedisAddress?> MasterAddressAsync(string masterName);

    /// <summary><c>SENTINEL master</c>: the fields it keeps about the master (flags, num-slaves, num-other-sentinels, ...).</summary>
    Task<IReadOnlyDictionary<string, string>> MasterStateAsync(string masterName);
}
