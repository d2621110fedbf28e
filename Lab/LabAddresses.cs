using System.Net;
using System.Net.Sockets;

namespace RedisHa.Lab;

/// <summary>
/// The loopback addresses of one lab. Every address in 127.0.0.0/8 works without setup, so each lab
/// takes a block 127.A.B.0/24 of its own: several labs run side by side on the standard ports.
/// Nodes, proxies and the endpoint each have their own address so that iptables rules between
/// two addresses cut exactly one pair.
/// </summary>
public sealed record LabAddresses(string Block, IReadOnlyList<int> NodeHostNumbers)
{
    public const int EndpointHost = 200;
    public const int FirstProxyHost = 201;

    public IReadOnlyList<string> Nodes => NodeHostNumbers.Select(h => $"{Block}.{h}").ToList();
    public string Endpoint => $"{Block}.{EndpointHost}";
    public string Proxy(int index) => $"{Block}.{FirstProxyHost + index}";

    /// <summary>Node host numbers 1, 2, 3...; a scenario may pick others, e.g. 1, 12, 13 where one address prefixes another.</summary>
    public static IReadOnlyList<int> DefaultHostNumbers(int nodes) => Enumerable.Range(1, nodes).ToList();

    /// <summary>Picks a random block where nothing listens yet on the endpoint or the first node.</summary>
    public static LabAddresses Allocate(IReadOnlyList<int> hostNumbers)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var block = $"127.{Random.Shared.Next(64, 250)}.{Random.Shared.Next(1, 250)}";
            var candidate = new LabAddresses(block, hostNumbers);
            if (!Listening(candidate.Endpoint, 6379) && !candidate.Nodes.Any(n => Listening(n, 6379) || Listening(n, 26379)))
                return candidate;
        }
        throw new InvalidOperationException("no free loopback block found for a lab");
    }

    private static bool Listening(string address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Parse(address), port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
