using k8s.Models;
using RedisHa.Lab.Node.Network;

#pragma warning disable CS9113 // contract stub: the implementation uses its parameters
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
    /// <summary><paramref name="namespaceLabels"/>: every namespace → its labels (kubernetes.io/metadata.name included).</summary>
    public void Apply(IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyList<FirewallPod> pods,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels, IReadOnlyList<Cut> cuts) =>
        throw new NotImplementedException();
}
