using System.Security.Authentication;
using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>
/// Connections over StackExchange.Redis, one multiplexer per node: the check asks each node about
/// itself, so the client must neither follow topology changes nor route commands elsewhere.
/// With <c>tls</c> every connection (endpoint and sentinels) speaks TLS and trusts only its CA.
/// <c>route</c>, when given, says where an address is reached from here (the lab tests' way to
/// reach in-cluster addresses); errors name the address as given.
/// </summary>
public sealed class StackExchangeRedisConnector(string? password, TimeSpan timeout, TlsClient? tls = null,
    Func<RedisAddress, RedisAddress>? route = null) : IRedisConnector
{
    private const string ClientName = "redis-ha-check";

    public async Task<IRedisNode> ConnectAsync(RedisAddress address, CancellationToken cancel) =>
        new StackExchangeRedisNode(await OpenAsync(address, CommandMap.Default, cancel), timeout);

    public async Task<ISentinelNode> ConnectSentinelAsync(RedisAddress address, CancellationToken cancel) =>
        new StackExchangeSentinelNode(await OpenAsync(address, CommandMap.Sentinel, cancel), timeout);

    private async Task<ConnectionMultiplexer> OpenAsync(RedisAddress address, CommandMap commands, CancellationToken cancel)
    {
        var target = route?.Invoke(address) ?? address;
        var options = OneNodeConnection.Options(target, password, timeout, commands, tls);
        options.ClientName = ClientName;
        options.ConnectRetry = 1;
        // No tie-breaker key and no configuration channel: a check reads and writes only its own key.
        options.TieBreaker = "";
        options.ConfigurationChannel = "";
        // Plain TCP even with TLS: it only tells a closed port from an open one.
        await TcpReachability.EnsureReachableAsync(target, timeout, cancel);
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException e) when (FindTlsFailure(e) is { } why)
        {
            // StackExchange.Redis files a rejected certificate under AuthenticationFailure too; it is no password problem.
            throw new RedisCallException(RedisCallFailure.NoAnswer,
                $"TLS handshake failed: {why.Message} (is --cacert the CA that signed the server's certificate, and does the certificate name {target.Host}?)", e);
        }
        catch (RedisConnectionException e) when (e.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            // The inner error is the server's WRONGPASS or NOAUTH reply, which never echoes the password.
            var reply = e.InnerException?.Message.Replace("Error: ", "", StringComparison.Ordinal) ?? e.FailureType.ToString();
            throw new RedisCallException(RedisCallFailure.Authentication, reply, e);
        }
        catch (RedisConnectionException e)
        {
            throw new RedisCallException(RedisCallFailure.NoAnswer,
                $"accepts TCP connections, but no Redis handshake completed within {SecondsText.Of(timeout)} " +
                (tls is null
                    ? "(a paused server, HAProxy closing connections because no master is approved, or a TLS deployment: add --tls --cacert FILE)"
                    : "(a paused server, or HAProxy closing connections because no master is approved)"), e);
        }
    }

    private static AuthenticationException? FindTlsFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is AuthenticationException found) return found;
        return null;
    }
}
