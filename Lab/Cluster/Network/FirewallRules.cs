using System.Net;
using k8s.Models;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// The iptables-restore text of the lab's network policies and partitions (the firewall's chains of
/// the filter table, for --noflush), built from the cluster's state alone so it can be checked
/// without a namespace. networking.k8s.io/v1 semantics: a pod selected by a policy that lists
/// Ingress (Egress) is isolated in that direction and admits the union of those policies' rules.
/// <list type="bullet">
/// <item><see cref="NodeChains.FirewallForward"/> (FORWARD): cuts, established, a pod to itself,
/// then the sender's egress chain (its veth in), then <c>FW-INGRESS</c>: the receiver's ingress
/// chain (its veth out). An egress rule that admits jumps on to <c>FW-INGRESS</c>, so a connection
/// must pass both ends' policies.</item>
/// <item><see cref="NodeChains.FirewallInput"/> (INPUT): a pod's queries to the cluster DNS address
/// pass its egress rules as if the DNS server were a kube-dns pod of kube-system.</item>
/// </list>
/// </summary>
public static class FirewallRules
{
    public const string ChainPrefix = "FW-";
    private const string Ingress = "FW-INGRESS";

    public const string DnsNamespace = "kube-system";
    private static readonly Dictionary<string, string> DnsLabels = new() { ["k8s-app"] = "kube-dns" };
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <param name="existingChains">The firewall chains in the table now: those no longer needed are deleted.</param>
    public static string Build(IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyList<FirewallPod> pods,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels, IReadOnlyList<Cut> cuts,
        IPAddress dnsIp, IReadOnlyCollection<string> existingChains)
    {
        var dnsPod = new FirewallPod(DnsNamespace, "cluster-dns", dnsIp, "", DnsLabels);
        var peers = new PeerResolver([.. pods, dnsPod], namespaceLabels);
        var chains = new List<string> { Ingress };
        var forward = new List<string>();
        var input = new List<string>();
        var rules = new List<string>();
        var forwardChain = NodeChains.FirewallForward;

        // Partitions first: they must drop established connections too.
        foreach (var cut in cuts)
            foreach (var other in cut.From)
            {
                forward.Add($"-A {forwardChain} -s {cut.Pod}/32 -d {other}/32 -m comment --comment \"partition\" -j DROP");
                forward.Add($"-A {forwardChain} -s {other}/32 -d {cut.Pod}/32 -m comment --comment \"partition\" -j DROP");
            }
        forward.Add($"-A {forwardChain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        input.Add($"-A {NodeChains.FirewallInput} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        // A pod can never be cut off from itself (through its own Service: hairpin).
        foreach (var pod in pods)
            forward.Add($"-A {forwardChain} -i {pod.HostVeth} -o {pod.HostVeth} -j ACCEPT");

        var ingress = new List<string>();
        foreach (var pod in pods.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var selecting = policies.Where(p => Selects(p, pod)).ToList();
            var egressPolicies = selecting.Where(p => HasType(p, "Egress")).ToList();
            var ingressPolicies = selecting.Where(p => HasType(p, "Ingress")).ToList();
            var key = $"{pod.Namespace}/{pod.Name}";
            if (egressPolicies.Count > 0)
            {
                var egress = ServiceRules.ChainName("FW-EG-", key);
                var dns = ServiceRules.ChainName("FW-DNS-", key);
                chains.Add(egress);
                chains.Add(dns);
                forward.Add($"-A {forwardChain} -i {pod.HostVeth} -j {egress}");
                input.Add($"-A {NodeChains.FirewallInput} -i {pod.HostVeth} -d {dnsIp}/32 -j {dns}");
                var allowances = egressPolicies.SelectMany(p => (p.Spec.Egress ?? []).Select(r => Allowance(peers, p, r.To, r.Ports))).ToList();
                AddAllowChain(chains, rules, egress, "-d", allowances, Ingress);
                AddAllowChain(chains, rules, dns, "-d", allowances, "ACCEPT");
            }
            if (ingressPolicies.Count > 0)
            {
                var chain = ServiceRules.ChainName("FW-IN-", key);
                chains.Add(chain);
                ingress.Add($"-A {Ingress} -o {pod.HostVeth} -j {chain}");
                var allowances = ingressPolicies.SelectMany(p => (p.Spec.Ingress ?? []).Select(r => Allowance(peers, p, r.FromProperty, r.Ports))).ToList();
                AddAllowChain(chains, rules, chain, "-s", allowances, "ACCEPT");
            }
        }
        forward.Add($"-A {forwardChain} -j {Ingress}");
        ingress.Add($"-A {Ingress} -j ACCEPT");

        var stale = existingChains.Where(c => c.StartsWith(ChainPrefix, StringComparison.Ordinal) && !chains.Contains(c)).Order(StringComparer.Ordinal).ToList();
        return ServiceRules.Table("filter", [],
            [NodeChains.FirewallForward, NodeChains.FirewallInput, .. chains, .. stale],
            [.. forward, .. input, .. ingress, .. rules, .. stale.Select(c => $"-X {c}")]);
    }

    /// <summary>The firewall's chains found in `iptables-save -t filter` output.</summary>
    public static IReadOnlyList<string> ChainsIn(string iptablesSave) =>
        iptablesSave.Split('\n').Where(l => l.StartsWith(":" + ChainPrefix, StringComparison.Ordinal))
            .Select(l => l[1..].Split(' ')[0]).ToList();

    private static bool Selects(V1NetworkPolicy policy, FirewallPod pod) =>
        PolicyNamespace(policy) == pod.Namespace && LabelSelectors.Matches(policy.Spec.PodSelector ?? new V1LabelSelector(), pod.Labels);

    /// <summary>policyTypes absent: Ingress always, Egress when the policy has egress rules (the API server's defaulting).</summary>
    private static bool HasType(V1NetworkPolicy policy, string type) =>
        policy.Spec.PolicyTypes is { Count: > 0 } types
            ? types.Contains(type)
            : type == "Ingress" || policy.Spec.Egress is { Count: > 0 };

    private static string PolicyNamespace(V1NetworkPolicy policy) => policy.Metadata?.NamespaceProperty ?? "default";

    /// <summary>One rule: which addresses (null: any) on which ports (iptables match text; empty text: any).</summary>
    private sealed record RuleAllowance(IReadOnlyList<AddressMatch>? Addresses, IReadOnlyList<string> Ports);

    private sealed record AddressMatch(string Cidr, IReadOnlyList<string> Except);

    private static RuleAllowance Allowance(PeerResolver peers, V1NetworkPolicy policy, IList<V1NetworkPolicyPeer>? from, IList<V1NetworkPolicyPort>? ports)
    {
        IReadOnlyList<AddressMatch>? addresses = from is { Count: > 0 }
            ? from.SelectMany(peer => peers.Resolve(PolicyNamespace(policy), peer)).ToList()
            : null;
        IReadOnlyList<string> portMatches = ports is { Count: > 0 } ? ports.Select(PortMatch).ToList() : [""];
        return new RuleAllowance(addresses, portMatches);
    }

    private static string PortMatch(V1NetworkPolicyPort port)
    {
        var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
        if (port.Port is null) return $"-p {protocol}";
        var value = port.Port.Value;
        if (!int.TryParse(value, out var number))
            throw new InvalidOperationException($"network policy port '{value}' is a named port: the lab's firewall does not know the pods' container ports, give the number");
        var range = port.EndPort is { } end ? $"{number}:{end}" : $"{number}";
        return $"-p {protocol} -m {protocol} --dport {range}";
    }

    private static void AddAllowChain(List<string> chains, List<string> rules, string chain, string direction, IReadOnlyList<RuleAllowance> allowances, string allow)
    {
        foreach (var allowance in allowances)
        {
            if (allowance.Addresses is null)
            {
                foreach (var port in allowance.Ports) rules.Add(Join($"-A {chain}", port, $"-j {allow}"));
                continue;
            }
            foreach (var address in allowance.Addresses)
            {
                if (address.Except.Count == 0)
                {
                    foreach (var port in allowance.Ports) rules.Add(Join($"-A {chain}", $"{direction} {address.Cidr}", port, $"-j {allow}"));
                    continue;
                }
                // ipBlock with except: the exceptions return to the caller before the block admits.
                var block = ServiceRules.ChainName("FW-EX-", $"{chain}/{address.Cidr}/{string.Join(',', address.Except)}/{string.Join(',', allowance.Ports)}");
                if (chains.Contains(block)) continue;
                chains.Add(block);
                rules.Add($"-A {chain} {direction} {address.Cidr} -j {block}");
                foreach (var except in address.Except) rules.Add($"-A {block} {direction} {except} -j RETURN");
                foreach (var port in allowance.Ports) rules.Add(Join($"-A {block}", port, $"-j {allow}"));
            }
        }
        // Kubernetes CNIs drop what no policy admits; the sender sees a time-out, not a refusal.
        rules.Add($"-A {chain} -j DROP");
    }

    private static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    /// <summary>Resolves a policy peer to addresses: the selected pods (each /32) or an ipBlock.</summary>
    private sealed class PeerResolver(IReadOnlyList<FirewallPod> pods, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        public IEnumerable<AddressMatch> Resolve(string policyNamespace, V1NetworkPolicyPeer peer)
        {
            if (peer.IpBlock is { } block)
                return [new AddressMatch(block.Cidr, (block.Except ?? []).ToList())];
            return pods.Where(pod => PodMatches(policyNamespace, peer, pod))
                .Select(pod => new AddressMatch($"{pod.Ip}/32", []));
        }

        private bool PodMatches(string policyNamespace, V1NetworkPolicyPeer peer, FirewallPod pod)
        {
            var namespaceOk = peer.NamespaceSelector is { } namespaces
                ? LabelSelectors.Matches(namespaces, NamespaceLabels(pod.Namespace))
                : pod.Namespace == policyNamespace;
            return namespaceOk && (peer.PodSelector is not { } selector || LabelSelectors.Matches(selector, pod.Labels));
        }

        /// <summary>A namespace's labels, with the name label the API server always sets.</summary>
        private Dictionary<string, string> NamespaceLabels(string name)
        {
            var labels = namespaceLabels.TryGetValue(name, out var known) ? known.ToDictionary() : [];
            labels[NamespaceNameLabel] = name;
            return labels;
        }
    }
}
