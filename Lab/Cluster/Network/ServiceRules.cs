using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// The iptables-restore text of kube-proxy's iptables mode for the lab's Services: the whole nat
/// table (DNAT per Service port, random choice among endpoints, hairpin masquerade), and the filter
/// chain that rejects Service ports without endpoints.
/// </summary>
public static class ServiceRules
{
    /// <summary>kube-proxy's masquerade mark (bit 14), set for hairpin connections.</summary>
    public const string MasqueradeMark = "0x4000/0x4000";

    private const string Services = "LAB-SERVICES";
    private const string Postrouting = "LAB-POSTROUTING";

    /// <summary>
    /// The whole nat table: iptables-restore without --noflush replaces it (and only it) atomically.
    /// Jumped to from PREROUTING (pods' traffic) and OUTPUT (the node's own connections).
    /// </summary>
    public static string Nat(IReadOnlyList<ServiceRoute> routes)
    {
        var chains = new List<string> { Services, Postrouting };
        var rules = new List<string>
        {
            $"-A PREROUTING -m comment --comment \"lab service portals\" -j {Services}",
            $"-A OUTPUT -m comment --comment \"lab service portals\" -j {Services}",
            $"-A POSTROUTING -j {Postrouting}",
            $"-A {Postrouting} -m mark ! --mark {MasqueradeMark} -j RETURN",
            // Cleared so a packet that is masqueraded once is not marked again on its way back.
            $"-A {Postrouting} -j MARK --xor-mark 0x4000",
            $"-A {Postrouting} -j MASQUERADE",
        };
        foreach (var route in routes.Where(r => r.Endpoints.Count > 0))
        {
            var service = ChainName("SVC-", $"{route.Service}/{route.ClusterIp}:{route.Port}");
            chains.Add(service);
            rules.Add($"-A {Services} -d {route.ClusterIp}/32 -p tcp -m comment --comment {Comment(route)} -m tcp --dport {route.Port} -j {service}");
            for (var i = 0; i < route.Endpoints.Count; i++)
            {
                var endpoint = route.Endpoints[i];
                var separator = ChainName("SEP-", $"{route.Service}/{route.ClusterIp}:{route.Port}/{endpoint}");
                chains.Add(separator);
                // As kube-proxy: endpoint i of n is taken with probability 1/(n-i), so each gets 1/n.
                var remaining = route.Endpoints.Count - i;
                rules.Add(remaining > 1
                    ? $"-A {service} -m statistic --mode random --probability {(1.0 / remaining).ToString("0.0000000000", CultureInfo.InvariantCulture)} -j {separator}"
                    : $"-A {service} -j {separator}");
                // A pod reaching itself through its Service: without masquerade it would answer itself directly.
                rules.Add($"-A {separator} -s {endpoint.Address}/32 -j MARK --set-xmark {MasqueradeMark}");
                rules.Add($"-A {separator} -p tcp -m tcp -j DNAT --to-destination {endpoint}");
            }
        }
        return Table("nat", ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"], chains.Distinct().ToList(), rules);
    }

    /// <summary>
    /// The filter chain <see cref="NodeChains.ServiceRejects"/> alone, for iptables-restore --noflush:
    /// declaring it flushes it, the rest of the filter table (the firewall) is left as it is.
    /// </summary>
    public static string Rejects(IReadOnlyList<ServiceRoute> routes)
    {
        var rules = routes.Where(r => r.Endpoints.Count == 0)
            .Select(r => $"-A {NodeChains.ServiceRejects} -d {r.ClusterIp}/32 -p tcp -m comment --comment {Comment(r, " has no endpoints")} -m tcp --dport {r.Port} -j REJECT --reject-with icmp-port-unreachable")
            .ToList();
        return Table("filter", [], [NodeChains.ServiceRejects], rules);
    }

    internal static string Table(string table, IReadOnlyList<string> builtIn, IReadOnlyList<string> chains, IReadOnlyList<string> rules)
    {
        var text = new StringBuilder();
        text.Append('*').Append(table).Append('\n');
        foreach (var chain in builtIn) text.Append(':').Append(chain).Append(" ACCEPT [0:0]\n");
        foreach (var chain in chains) text.Append(':').Append(chain).Append(" - [0:0]\n");
        foreach (var rule in rules) text.Append(rule).Append('\n');
        text.Append("COMMIT\n");
        return text.ToString();
    }

    /// <summary>A stable chain name from a key (kube-proxy hashes too): iptables allows 28 characters.</summary>
    internal static string ChainName(string prefix, string key) =>
        prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static string Comment(ServiceRoute route, string suffix = "") =>
        "\"" + $"{route.Service}:{route.Port}{suffix}".Replace("\"", "", StringComparison.Ordinal) + "\"";
}
