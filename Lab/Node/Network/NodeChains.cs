namespace RedisHa.Lab.Node.Network;

/// <summary>
/// The filter table's chains of the node namespace and the fixed order of the jumps to them. The
/// filter table is shared by the Service rejects (<c>ServiceProxy</c>) and the network policies
/// (<c>PodFirewall</c>): the node lays the jumps down once, and each of them rewrites only its own
/// chains (iptables-restore --noflush), so neither can reorder or erase the other.
/// </summary>
public static class NodeChains
{
    /// <summary>Rejects connections to Service ports without endpoints (kube-proxy's KUBE-SERVICES in filter).</summary>
    public const string ServiceRejects = "LAB-SERVICES";
    /// <summary>Forwarded traffic between pods: partitions, then policies.</summary>
    public const string FirewallForward = "LAB-FIREWALL";
    /// <summary>Traffic from pods to the node itself: the pods' egress policies for the cluster DNS.</summary>
    public const string FirewallInput = "LAB-FIREWALL-INPUT";

    /// <summary>
    /// The skeleton: Service rejects first (only for new connections, as kube-proxy), then the
    /// firewall. Forwarded traffic passes both; the node's own traffic (OUTPUT) only the Service
    /// rejects, since traffic from the node to its pods is never filtered.
    /// </summary>
    public static string Skeleton() => string.Join('\n',
        "*filter",
        ":INPUT ACCEPT [0:0]",
        ":FORWARD ACCEPT [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        $":{ServiceRejects} - [0:0]",
        $":{FirewallForward} - [0:0]",
        $":{FirewallInput} - [0:0]",
        $"-A INPUT -m conntrack --ctstate NEW -j {ServiceRejects}",
        $"-A INPUT -j {FirewallInput}",
        $"-A FORWARD -m conntrack --ctstate NEW -j {ServiceRejects}",
        $"-A FORWARD -j {FirewallForward}",
        $"-A OUTPUT -m conntrack --ctstate NEW -j {ServiceRejects}",
        "COMMIT",
        "");
}
