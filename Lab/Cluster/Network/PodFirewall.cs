using k8s.Models;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// The filter table of the node namespace, as a CNI enforces NetworkPolicies: ingress and egress
/// of each selected pod (pod and namespace selectors, ports, DNS egress to the cluster DNS, which
/// counts as a pod labelled k8s-app=kube-dns in namespace kube-system), established traffic allowed,
/// traffic from the node to pods never filtered; plus the lab's partitions. Rewritten whole and
/// atomically from the current state.
/// </summary>
public sealed class PodFirewall(NodeNetwork node)
{
    private readonly Lock _apply = new();

    /// <summary><paramref name="namespaceLabels"/>: every namespace → its labels (kubernetes.io/metadata.name included).</summary>
    public void Apply(IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyList<FirewallPod> pods,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels, IReadOnlyList<Cut> cuts)
    {
        lock (_apply)
        {
            // --noflush: only the firewall's own chains are declared (and so flushed) and replaced in
            // one transaction; the Service rejects and the jumps from the built-in chains stay.
            var existing = FirewallRules.ChainsIn(node.SaveIptables("filter"));
            node.RestoreIptables(FirewallRules.Build(policies, pods, namespaceLabels, cuts, node.Plan.DnsIp, [.. existing]), noFlush: true);
        }
    }
}
