using System.Net;
using System.Net.Sockets;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>
/// Addresses in 127.0.0.0/8, which all reach this machine without setup: each test takes its own
/// block, so processes of tests running in parallel never share an address.
/// </summary>
public static class LoopbackAddress
{
    private static int _nextBlock = Random.Shared.Next(0, 256);

    /// <summary>
    /// <paramref name="hosts"/> addresses 127.77.X.h, X different for every call of this test run
    /// (from a random start, so two runs at once rarely meet).
    /// </summary>
    public static IReadOnlyList<IPAddress> RandomBlock(params int[] hosts)
    {
        var block = Interlocked.Increment(ref _nextBlock) & 0xff;
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
