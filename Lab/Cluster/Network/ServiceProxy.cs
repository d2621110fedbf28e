using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// kube-proxy for the lab: the nat table of the node namespace (DNAT per Service port, hairpin
/// masquerade), rewritten whole and atomically (iptables-restore) from the current routes.
/// </summary>
public sealed class ServiceProxy(NodeNetwork node)
{
    private readonly Lock _apply = new();

    public void Apply(IReadOnlyList<ServiceRoute> routes)
    {
        lock (_apply)
        {
            // Rejects first: a Service losing its endpoints refuses at once rather than hitting the
            // node's local route between the two loads; a Service gaining them is DNAT'd by nat
            // before filter sees it, so a stale reject never applies to it.
            node.RestoreIptables(ServiceRules.Rejects(routes), noFlush: true);
            node.RestoreIptables(ServiceRules.Nat(routes), noFlush: false);
        }
    }
}
