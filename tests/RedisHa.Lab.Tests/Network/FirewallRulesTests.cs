using System.Net;
using k8s.Models;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>The firewall's rule text, checked without a namespace; and the shared filter table in a real one.</summary>
public sealed class FirewallRulesTests
{
    private static readonly IPAddress DnsIp = IPAddress.Parse("10.96.1.10");
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> NoNamespaceLabels = [];

    private static FirewallPod Pod(string name, int octet, string ns = "app", string? role = null) =>
        new(ns, name, IPAddress.Parse($"10.244.1.{octet}"), $"vpod{octet}", role is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["role"] = role });

    private static V1NetworkPolicy Policy(string role, List<string>? types, List<V1NetworkPolicyIngressRule>? ingress = null, List<V1NetworkPolicyEgressRule>? egress = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = role, NamespaceProperty = "app" },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = role } },
            PolicyTypes = types,
            Ingress = ingress,
            Egress = egress,
        },
    };

    [Fact]
    public void Cuts_come_before_established_traffic_in_both_directions()
    {
        var text = FirewallRules.Build([], [Pod("a", 10), Pod("b", 11)], NoNamespaceLabels,
            [new Cut(IPAddress.Parse("10.244.1.10"), [IPAddress.Parse("10.244.1.11")])], DnsIp, []);
        var lines = text.Split('\n').ToList();
        var established = lines.FindIndex(l => l.StartsWith($"-A {NodeChains.FirewallForward}", StringComparison.Ordinal) && l.Contains("ESTABLISHED"));
        Assert.True(lines.FindIndex(l => l.Contains("-s 10.244.1.10/32 -d 10.244.1.11/32") && l.EndsWith("-j DROP")) < established);
        Assert.True(lines.FindIndex(l => l.Contains("-s 10.244.1.11/32 -d 10.244.1.10/32") && l.EndsWith("-j DROP")) < established);
    }

    [Fact]
    public void Only_selected_pods_are_isolated_and_only_in_their_policy_types()
    {
        var text = FirewallRules.Build(
            [Policy("db", null, ingress: [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "web" } } }] }])],
            [Pod("db", 10, role: "db"), Pod("web", 11, role: "web"), Pod("web-elsewhere", 12, ns: "other", role: "web")],
            NoNamespaceLabels, [], DnsIp, []);
        Assert.Contains("-o vpod10 -j FW-IN-", text);
        Assert.DoesNotContain("-i vpod10 -j FW-EG-", text); // no Egress type: policyTypes defaults to Ingress
        Assert.DoesNotContain("-o vpod11 -j FW-IN-", text);
        Assert.Contains("-s 10.244.1.11/32 -j ACCEPT", text);
        Assert.DoesNotContain("-s 10.244.1.12/32", text); // a pod selector alone selects in the policy's namespace
    }

    [Fact]
    public void Egress_to_the_cluster_DNS_is_judged_as_traffic_to_a_kube_dns_pod()
    {
        var toDns = new V1NetworkPolicyEgressRule
        {
            To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector(), PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } } }],
            Ports = [new V1NetworkPolicyPort { Port = 53, Protocol = "UDP" }],
        };
        var text = FirewallRules.Build([Policy("db", ["Egress"], egress: [toDns])], [Pod("db", 10, role: "db")], NoNamespaceLabels, [], DnsIp, []);
        Assert.Contains($"-A {NodeChains.FirewallInput} -i vpod10 -d 10.96.1.10/32 -j FW-DNS-", text);
        Assert.Contains("-d 10.96.1.10/32 -p udp -m udp --dport 53 -j ACCEPT", text);
    }

    [Fact]
    public void An_ip_block_with_exceptions_returns_before_it_admits()
    {
        var rule = new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.244.1.0/24", Except = ["10.244.1.11/32"] } }] };
        var text = FirewallRules.Build([Policy("db", ["Ingress"], ingress: [rule])], [Pod("db", 10, role: "db")], NoNamespaceLabels, [], DnsIp, []);
        Assert.Contains("-s 10.244.1.0/24 -j FW-EX-", text);
        Assert.Contains("-s 10.244.1.11/32 -j RETURN", text);
    }

    [Fact]
    public void A_named_port_is_refused_by_name()
    {
        var rule = new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = "redis", Protocol = "TCP" }] };
        var error = Assert.Throws<InvalidOperationException>(() =>
            FirewallRules.Build([Policy("db", ["Ingress"], ingress: [rule])], [Pod("db", 10, role: "db")], NoNamespaceLabels, [], DnsIp, []));
        Assert.Contains("'redis'", error.Message);
    }

    [Fact]
    public void Chains_no_longer_needed_are_deleted()
    {
        var text = FirewallRules.Build([], [], NoNamespaceLabels, [], DnsIp, ["FW-IN-OLD", "FW-INGRESS"]);
        Assert.Contains(":FW-IN-OLD - [0:0]", text);
        Assert.Contains("-X FW-IN-OLD", text);
        Assert.DoesNotContain("-X FW-INGRESS", text);
    }

    [Fact]
    public async Task The_Service_rejects_and_the_firewall_rewrite_only_their_own_chains()
    {
        await using var lab = NetworkLab.Create("chains");
        var pod = lab.Node.AddPod("db");
        var proxy = new ServiceProxy(lab.Node);
        var firewall = new PodFirewall(lab.Node);
        var db = new FirewallPod("app", "db", pod.Ip, pod.HostVeth, new Dictionary<string, string> { ["role"] = "db" });
        proxy.Apply([new ServiceRoute("empty", lab.Plan.ServiceIp(1), 80, [])]);
        firewall.Apply([Policy("db", ["Ingress", "Egress"])], [db], NoNamespaceLabels, []);
        proxy.Apply([new ServiceRoute("empty", lab.Plan.ServiceIp(1), 80, [])]);
        var table = lab.Node.SaveIptables("filter");
        Assert.Contains("-j REJECT", table);
        Assert.Contains("FW-IN-", table);
        // Rewritten without the policy: its chains go, the rejects stay, the jumps keep their order.
        firewall.Apply([], [db], NoNamespaceLabels, []);
        table = lab.Node.SaveIptables("filter");
        Assert.DoesNotContain("FW-IN-", table);
        Assert.Contains("-j REJECT", table);
        var forward = table.Split('\n').Where(l => l.StartsWith("-A FORWARD", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, forward.Count);
        Assert.Contains(NodeChains.ServiceRejects, forward[0]);
        Assert.Contains(NodeChains.FirewallForward, forward[1]);
    }
}
