using System.Globalization;
using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>
/// A redis-server over StackExchange.Redis. Commands go to this one server as they are written
/// (<see cref="IServer.ExecuteAsync(string, object[])"/>), so a write to a replica reaches it and
/// earns the server's own READONLY instead of a client-side refusal.
/// </summary>
internal sealed class StackExchangeRedisNode(ConnectionMultiplexer connection, TimeSpan timeout) : IRedisNode
{
    private readonly IServer _server = connection.GetServers()[0];

    public Task<IReadOnlyDictionary<string, string>> InfoAsync(string section) =>
        StackExchangeCalls.RunAsync(timeout, async () => InfoText.Parse(await _server.InfoRawAsync(section) ?? ""));

    public Task SetAsync(string key, string value, TimeSpan expiry) =>
        StackExchangeCalls.RunAsync(timeout, async () =>
        {
            var reply = await _server.ExecuteAsync("SET", key, value, "PX", ((long)expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            if ((string?)reply != "OK") throw new RedisCallException(RedisCallFailure.ErrorReply, $"SET answered '{reply}'");
            return true;
        });

    public Task<string?> GetAsync(string key) =>
        StackExchangeCalls.RunAsync(timeout, async () => (string?)await _server.ExecuteAsync("GET", key));

    public Task DeleteAsync(string key) =>
        StackExchangeCalls.RunAsync(timeout, async () => await _server.ExecuteAsync("DEL", key));

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
