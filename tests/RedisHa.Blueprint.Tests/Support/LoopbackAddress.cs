using System.Net;
using System.Net.Sockets;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>
/// Addresses in 127.0.0.0/8, which all reach this machine without setup: each test takes its own
/// random block, so processes of tests running in parallel (or of the lab) never share an address.
/// </summary>
public static class LoopbackAddress
{
    /// <summary><paramref name="hosts"/> addresses 127.77.X.h for a random X, one per given host number.</summary>
    public static IReadOnlyList<IPAddress> RandomBlock(params int[] hosts)
    {
        var block = Random.Shared.Next(0, 256);
        return hosts.Select(h => new IPAddress([127, 77, (byte)block, (byte)h])).ToList();
    }

    public static IPAddress RandomAddress() => RandomBlock(Random.Shared.Next(1, 255))[0];

    /// <summary>A TCP port nothing listens on at <paramref name="address"/> right now.</summary>
    public static int FreePort(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
