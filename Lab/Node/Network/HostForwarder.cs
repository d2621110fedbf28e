using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// TCP forwards from loopback addresses of the host to addresses inside the node namespace (always a
/// Service address, never one pod: killing a pod must not cut the host's path more than a Service would).
/// Runs inside the lab's background process; every forward stops with it.
/// </summary>
public sealed class HostForwarder(NodeNetwork node) : IAsyncDisposable
{
    /// <summary>Big enough for pipelined benchmark traffic in few system calls, small enough for many connections.</summary>
    private const int BufferSize = 64 * 1024;

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _running = [];

    /// <summary>Listens on <paramref name="listen"/> (127.x) and forwards each connection to <paramref name="target"/> in the node.</summary>
    public void Add(IPEndPoint listen, IPEndPoint target)
    {
        var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(listen);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        lock (_lock)
        {
            _listeners.Add(listener);
            _running.Add(AcceptAsync(listener, target, _stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] running;
        lock (_lock)
        {
            foreach (var listener in _listeners) listener.Dispose();
            running = [.. _running];
        }
        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener, IPEndPoint target, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (stop.IsCancellationRequested) return;
                // Out of descriptors or an aborted handshake: the forward must outlive a bad moment.
                await Task.Delay(10, CancellationToken.None);
                continue;
            }
            var connection = ForwardAsync(client, target, stop);
            lock (_lock)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(connection);
            }
        }
    }

    private async Task ForwardAsync(Socket client, IPEndPoint target, CancellationToken stop)
    {
        using var clientSocket = client;
        Socket upstream;
        try
        {
            upstream = await node.ConnectAsync(target, stop);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Refused or unreachable: the client learns at once, as it would connecting directly.
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        using var upstreamSocket = upstream;
        // Redis requests and replies are small: Nagle would hold each one back for an ACK.
        client.NoDelay = true;
        upstream.NoDelay = true;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var toTarget = CopyAsync(client, upstream, done.Token);
        var toClient = CopyAsync(upstream, client, done.Token);
        // Either side ending ends the forward: half-open connections are not kept around for Redis.
        await Task.WhenAny(toTarget, toClient);
        await done.CancelAsync();
        client.Close();
        upstream.Close();
        try
        {
            await Task.WhenAll(toTarget, toClient);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancel);
                if (read == 0) return;
                var sent = 0;
                while (sent < read) sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancel);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
