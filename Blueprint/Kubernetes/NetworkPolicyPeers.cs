using k8s.Models;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The parties the network policies name: the deployment's own pods, its clients, its scrapers, the cluster DNS.</summary>
internal static class NetworkPolicyPeers
{
    /// <summary>The label of the cluster DNS pods in kubeadm, EKS, GKE, AKS, k3s, kind and minikube alike.</summary>
    public const string ClusterDnsLabel = "k8s-app";
    public const string ClusterDnsValue = "kube-dns";

    /// <summary>
    /// This deployment's pods of one component. The nodes reach each other through the announce
    /// Services' ClusterIPs; a policy sees such a connection after it is translated to the pod's
    /// address, so a pod selector matches it.
    /// </summary>
    public static V1NetworkPolicyPeer Pods(RedisHaSpec spec, string component) =>
        new() { PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(spec, component) } };

    /// <summary>
    /// Who may use the endpoint: pods with the allowed labels (any pod when none are named) in the
    /// allowed namespaces, or in every namespace when none is named. Applications normally live in
    /// namespaces of their own, so admitting only the release's namespace by default would leave
    /// them timing out with no hint; like the most used charts, the default lets any pod reach the
    /// client port and relies on the password (and TLS) for the rest.
    /// </summary>
    public static List<V1NetworkPolicyPeer> Clients(NetworkPolicyOptions options)
    {
        List<V1NetworkPolicyPeer> peers = [];
        if (options.AllowedNamespaces.Count > 0)
        {
            peers.Add(new V1NetworkPolicyPeer
            {
                NamespaceSelector = new V1LabelSelector
                {
                    MatchExpressions =
                    [
                        new V1LabelSelectorRequirement { Key = Labels.NamespaceName, OperatorProperty = "In", Values = options.AllowedNamespaces.ToList() },
                    ],
                },
                PodSelector = ClientPods(options),
            });
        }
        if (options.AllowedNamespaceLabels.Count > 0)
        {
            peers.Add(new V1NetworkPolicyPeer
            {
                NamespaceSelector = new V1LabelSelector { MatchLabels = options.AllowedNamespaceLabels.ToDictionary() },
                PodSelector = ClientPods(options),
            });
        }
        // An empty namespace selector selects every namespace (a pod selector alone would mean the policy's own).
        if (peers.Count == 0) peers.Add(new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector(), PodSelector = ClientPods(options) });
        return peers;
    }

    /// <summary>Every pod of the metrics namespace; without one, whoever may use the endpoint may scrape.</summary>
    public static List<V1NetworkPolicyPeer> MetricsScrapers(NetworkPolicyOptions options) =>
        options.MetricsNamespace is { } ns
            ? [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Labels.NamespaceName] = ns } } }]
            : Clients(options);

    /// <summary>
    /// The cluster DNS pods, in whichever namespace they run. A node-local DNS cache needs no rule:
    /// traffic between a pod and its own node is always allowed.
    /// </summary>
    public static V1NetworkPolicyPeer ClusterDns() => new()
    {
        NamespaceSelector = new V1LabelSelector(),
        PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [ClusterDnsLabel] = ClusterDnsValue } },
    };

    /// <summary>An empty selector (any pod) when no labels are named.</summary>
    private static V1LabelSelector ClientPods(NetworkPolicyOptions options) =>
        new() { MatchLabels = options.AllowedPodLabels.Count > 0 ? options.AllowedPodLabels.ToDictionary() : null };
}
