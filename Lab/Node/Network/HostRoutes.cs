using System.Net;
using System.Net.Sockets;

namespace RedisHa.Lab.Node.Network;

/// <summary>Reads `ip -4 route show table all`: which IPv4 ranges the host already routes somewhere.</summary>
public static class HostRoutes
{
    private static readonly HashSet<string> RouteTypes = ["unicast", "local", "broadcast", "multicast", "throw", "unreachable", "prohibit", "blackhole", "nat", "anycast"];

    /// <summary>
    /// The destination of each route. Default routes are left out: they match every address, yet a
    /// range the host sends to its default gateway is not one it uses, and the lab's ranges never leave
    /// their namespaces.
    /// </summary>
    public static IReadOnlyList<IPNetwork> Ipv4Destinations(string routeTable)
    {
        List<IPNetwork> destinations = [];
        foreach (var line in routeTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var destination = RouteTypes.Contains(words[0]) && words.Length > 1 ? words[1] : words[0];
            if (destination == "default") continue;
            if (!destination.Contains('/')) destination += "/32";
            if (IPNetwork.TryParse(destination, out var network) && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork && network.PrefixLength > 0)
                destinations.Add(network);
        }
        return destinations;
    }

    public static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);
}
