using System.Net;

#pragma warning disable CS9113 // contract stub: the implementation uses its parameters
namespace RedisHa.Lab.Node.Network;

/// <summary>
/// TCP forwards from loopback addresses of the host to addresses inside the node namespace (always a
/// Service address, never one pod: killing a pod must not cut the host's path more than a Service would).
/// Runs inside the lab's background process; every forward stops with it.
/// </summary>
public sealed class HostForwarder(NodeNetwork node) : IAsyncDisposable
{
    /// <summary>Listens on <paramref name="listen"/> (127.x) and forwards each connection to <paramref name="target"/> in the node.</summary>
    public void Add(IPEndPoint listen, IPEndPoint target) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
