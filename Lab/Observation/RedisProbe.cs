using RedisHa.Check;
using StackExchange.Redis;

namespace RedisHa.Lab.Observation;

/// <summary>
/// Asks one Redis or Sentinel process a question, with short timeouts, and answers null when it
/// does not answer. A fresh connection per question: a cached one would lag behind kills and restarts.
/// With <c>tls</c> the question goes over TLS (a TLS lab has no plain port to ask on).
/// </summary>
public static class RedisProbe
{
    public static async Task<string?> RoleAsync(string host, int port, string? password, TlsClient? tls = null)
    {
        var reply = await ExecuteAsync(host, port, password, tls, "ROLE");
        return reply is { Resp2Type: ResultType.Array } && reply.Length > 0 ? (string?)reply[0] : null;
    }

    /// <summary>The master's IP that the sentinel at host:port names, or null.</summary>
    public static async Task<string?> SentinelMasterAsync(string host, int port, string? password, string masterName, TlsClient? tls = null)
    {
        var reply = await ExecuteAsync(host, port, password, tls, CommandMap.Sentinel, "SENTINEL", "get-master-addr-by-name", masterName);
        return reply is { Resp2Type: ResultType.Array } && reply.Length == 2 ? (string?)reply[0] : null;
    }

    /// <summary>Fields of INFO &lt;section&gt;, or null.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> InfoAsync(string host, int port, string? password, string section, TlsClient? tls = null)
    {
        var reply = await ExecuteAsync(host, port, password, tls, "INFO", section);
        if (reply is null || reply.IsNull) return null;
        return ((string)reply!).Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains(':') && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1]);
    }

    public static Task<RedisResult?> ExecuteAsync(string host, int port, string? password, string command, params object[] args) =>
        ExecuteAsync(host, port, password, null, CommandMap.Default, command, args);

    public static Task<RedisResult?> ExecuteAsync(string host, int port, string? password, CommandMap commands, string command, params object[] args) =>
        ExecuteAsync(host, port, password, null, commands, command, args);

    public static Task<RedisResult?> ExecuteAsync(string host, int port, string? password, TlsClient? tls, string command, params object[] args) =>
        ExecuteAsync(host, port, password, tls, CommandMap.Default, command, args);

    public static async Task<RedisResult?> ExecuteAsync(string host, int port, string? password, TlsClient? tls, CommandMap commands, string command, params object[] args)
    {
        // A fresh TLS handshake on a loaded 2-core machine can take over a second (then a healthy
        // sentinel looked silent and a quorum went missing); plain TCP keeps the short bound.
        var timeout = TimeSpan.FromMilliseconds(tls is null ? 1000 : 2500);
        var options = OneNodeConnection.Options(new RedisAddress(host, port), password, timeout, commands, tls);
        options.ConnectRetry = 0;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var server = connection.GetServer(host, port);
            return await server.ExecuteAsync(command, args);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
