using System.Globalization;
using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>A redis-sentinel over StackExchange.Redis (connected with <see cref="CommandMap.Sentinel"/>).</summary>
internal sealed class StackExchangeSentinelNode(ConnectionMultiplexer connection, TimeSpan timeout) : ISentinelNode
{
    private readonly IServer _server = connection.GetServers()[0];

    public Task<RedisAddress?> MasterAddressAsync(string masterName) =>
        StackExchangeCalls.RunAsync<RedisAddress?>(timeout, async () =>
        {
            var reply = await _server.ExecuteAsync("SENTINEL", "get-master-addr-by-name", masterName);
            if (reply.IsNull || reply.Resp2Type != ResultType.Array || reply.Length != 2) return null;
            return int.TryParse((string?)reply[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? new RedisAddress((string?)reply[0] ?? "", port)
                : null;
        });

    public Task<IReadOnlyDictionary<string, string>> MasterStateAsync(string masterName) =>
        StackExchangeCalls.RunAsync<IReadOnlyDictionary<string, string>>(timeout, async () =>
        {
            var reply = await _server.ExecuteAsync("SENTINEL", "master", masterName);
            return reply.ToDictionary().ToDictionary(f => f.Key, f => (string?)f.Value ?? "", StringComparer.Ordinal);
        });

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
