using RedisHa.Lab.Node.Network;

#pragma warning disable CS9113 // contract stub: the implementation uses its parameters
namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// kube-proxy for the lab: the nat table of the node namespace (DNAT per Service port, hairpin
/// masquerade), rewritten whole and atomically (iptables-restore) from the current routes.
/// </summary>
public sealed class ServiceProxy(NodeNetwork node)
{
    public void Apply(IReadOnlyList<ServiceRoute> routes) => throw new NotImplementedException();
}
