using System.Net.Sockets;

namespace RedisHa.Check;

/// <summary>
/// A plain TCP connect before the Redis client's. StackExchange.Redis reports every failed connection
/// as "UnableToConnect"; this tells a refused port from an unknown host or an unroutable address, and
/// those from a listener that accepts but never speaks Redis (which only the client can find out).
/// </summary>
internal static class TcpReachability
{
    /// <summary>Returns once a TCP connection to <paramref name="address"/> opened; else throws an <see cref="RedisCallFailure.Unreachable"/> failure saying why.</summary>
    public static async Task EnsureReachableAsync(RedisAddress address, TimeSpan timeout, CancellationToken cancel)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, limit.Token);
        }
        catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw Unreachable($"no answer to a TCP connect within {SecondsText.Of(timeout)}", e);
        }
        catch (SocketException e)
        {
            throw Unreachable(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused: nothing listens there",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"cannot resolve host '{address.Host}'",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to it from here",
                SocketError.TimedOut => "the TCP connect timed out",
                _ => e.Message,
            }, e);
        }
    }

    private static RedisCallException Unreachable(string why, Exception inner) =>
        new(RedisCallFailure.Unreachable, $"cannot connect: {why}", inner);
}
