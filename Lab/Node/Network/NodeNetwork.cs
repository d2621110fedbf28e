using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// The lab's node: a network namespace that routes between the pods' namespaces (veth pairs,
/// routed, not bridged), holds the Service rules and the DNS server's address, and from which the
/// lab itself opens connections to pods and Services (probes, forwards from the host).
/// </summary>
public sealed partial class NodeNetwork : IDisposable
{
    private readonly Lock _pods = new();
    private readonly Lazy<NamespaceSocketFactory> _sockets;

    private NodeNetwork(LabNetworkPlan plan)
    {
        Plan = plan;
        _sockets = new Lazy<NamespaceSocketFactory>(() => new NamespaceSocketFactory(NamespacePath));
    }

    public LabNetworkPlan Plan { get; }

    public string NamespacePath => "/run/netns/" + Plan.NodeNamespace;

    /// <summary>
    /// Creates the node namespace (forwarding on, the DNS address on lo, a route for the Service range).
    /// The namespace may already exist, empty, as <see cref="LabNetworkPlan.Allocate"/> reserves it.
    /// </summary>
    public static NodeNetwork Create(LabNetworkPlan plan)
    {
        var ns = plan.NodeNamespace;
        if (!File.Exists("/run/netns/" + ns)) HostCommand.Run("ip", "netns", "add", ns);
        HostCommand.Run("ip", "-n", ns, "link", "set", "lo", "up");
        HostCommand.Run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        HostCommand.Run("ip", "-n", ns, "addr", "add", $"{plan.DnsIp}/32", "dev", "lo");
        // The node's address on lo too, so it exists before the first pod and can be the source below.
        HostCommand.Run("ip", "-n", ns, "addr", "add", $"{plan.NodeIp}/32", "dev", "lo");
        // Without a route to the Service range the node's own connect() fails (ENETUNREACH) before
        // the nat OUTPUT chain could DNAT it. A local route lets it through to OUTPUT; `src` picks the
        // node's pod-range address as source, since the pods must be able to answer it (lo's
        // addresses would be chosen otherwise). A Service port that DNATs nowhere is then refused by
        // the node itself instead of being routed anywhere.
        HostCommand.Run("ip", "-n", ns, "route", "add", "local", plan.ServiceCidr, "dev", "lo", "src", plan.NodeIp.ToString());
        HostCommand.RunWithInput(NodeChains.Skeleton(), "ip", "netns", "exec", ns, "iptables-restore");
        return new NodeNetwork(plan);
    }

    /// <summary>The node of an existing lab (its namespace must exist).</summary>
    public static NodeNetwork Attach(LabNetworkPlan plan)
    {
        if (!File.Exists("/run/netns/" + plan.NodeNamespace))
            throw new InvalidOperationException($"the lab's node namespace {plan.NodeNamespace} does not exist");
        return new NodeNetwork(plan);
    }

    /// <summary>
    /// Creates a pod's namespace and veth pair and gives it the next free address of the pod range.
    /// The node's veths are named after the address's last octet, so the allocations are read back
    /// from the node's interfaces: a later process that attaches continues where this one stopped.
    /// </summary>
    public PodInterface AddPod(string podKey)
    {
        var podNs = Plan.PodNamespace(podKey);
        if (File.Exists("/run/netns/" + podNs)) throw new InvalidOperationException($"pod namespace {podNs} exists already");
        var ns = Plan.NodeNamespace;
        HostCommand.Run("ip", "netns", "add", podNs);
        string? veth = null;
        try
        {
            IPAddress ip;
            // Only choosing the address and creating the veth named after it need the lock (the veths
            // are the record of which addresses are taken); the rest of each pod's setup runs side by
            // side with other pods', two `ip -batch` processes instead of one process per command
            // (six pods starting at once waited seconds for each other's commands).
            lock (_pods)
            {
                var used = UsedPodOctets();
                var octet = Enumerable.Range(LabNetworkPlan.FirstPodOctet, 255 - LabNetworkPlan.FirstPodOctet).FirstOrDefault(o => !used.Contains(o));
                if (octet == 0) throw new InvalidOperationException($"the pod range {Plan.PodCidr} is full");
                ip = Plan.PodIp(octet);
                // Both ends are created straight in their namespaces: nothing appears in the root namespace.
                var name = HostVeth(octet);
                HostCommand.Run("ip", "link", "add", name, "netns", ns, "type", "veth", "peer", "name", "eth0", "netns", podNs);
                veth = name;
            }
            IpBatch(podNs, "link set lo up", $"addr add {ip}/32 dev eth0", "link set eth0 up",
                $"route add {Plan.NodeIp} dev eth0", $"route add default via {Plan.NodeIp}");
            IpBatch(ns, $"addr add {Plan.NodeIp}/32 dev {veth}", $"link set {veth} up", $"route add {ip}/32 dev {veth}");
            return new PodInterface(podNs, "/run/netns/" + podNs, ip, veth);
        }
        catch
        {
            if (veth is not null) HostCommand.TryRun("ip", "-n", ns, "link", "del", veth);
            HostCommand.TryRun("ip", "netns", "delete", podNs);
            throw;
        }
    }

    /// <summary>Runs ip commands (without the leading "ip") in one process, inside network namespace <paramref name="netns"/>.</summary>
    private static void IpBatch(string netns, params string[] commands) =>
        HostCommand.RunWithInput(string.Join('\n', commands) + "\n", "ip", "-n", netns, "-batch", "-");

    /// <summary>Deletes a pod's namespace (its veth goes with it).</summary>
    public void RemovePod(PodInterface pod)
    {
        // Deleted explicitly: a process still inside the pod's namespace would keep the pair alive.
        // Under the lock, as the veth frees the pod's address for the next pod.
        lock (_pods) HostCommand.TryRun("ip", "-n", Plan.NodeNamespace, "link", "del", pod.HostVeth);
        HostCommand.TryRun("ip", "netns", "delete", pod.NamespaceName);
    }

    /// <summary>The pods of this lab that exist now, read back from the node's veths and the pods' namespaces.</summary>
    public IReadOnlyList<PodInterface> Pods()
    {
        var links = HostCommand.Run("ip", "-n", Plan.NodeNamespace, "-o", "link", "show");
        var vethsByOctet = VethName().Matches(links).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        List<PodInterface> pods = [];
        foreach (var podNs in LabNamespaces(Plan).Where(n => n != Plan.NodeNamespace))
        {
            var addresses = HostCommand.TryRun("ip", "-n", podNs, "-o", "-4", "addr", "show", "dev", "eth0");
            var match = PodAddress().Match(addresses.Output);
            if (addresses.ExitCode != 0 || !match.Success) continue;
            var ip = IPAddress.Parse(match.Groups[1].Value);
            var octet = ip.GetAddressBytes()[3];
            if (vethsByOctet.Contains(octet)) pods.Add(new PodInterface(podNs, "/run/netns/" + podNs, ip, HostVeth(octet)));
        }
        return pods;
    }

    /// <summary>Opens a TCP connection from inside the node namespace (to a pod or a Service address).</summary>
    public async Task<Socket> ConnectAsync(IPEndPoint target, CancellationToken cancel = default)
    {
        var socket = await _sockets.Value.CreateTcpSocketAsync();
        try
        {
            await socket.ConnectAsync(target, cancel);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs a program inside the node namespace (ip netns exec) and returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default) =>
        HostCommand.RunAsync(["ip", "netns", "exec", Plan.NodeNamespace, .. command], timeout, cancel);

    /// <summary>Loads iptables-restore input into the node namespace (atomic per table).</summary>
    public void RestoreIptables(string rules, bool noFlush) =>
        HostCommand.RunWithInput(rules, noFlush
            ? ["ip", "netns", "exec", Plan.NodeNamespace, "iptables-restore", "--noflush"]
            : ["ip", "netns", "exec", Plan.NodeNamespace, "iptables-restore"]);

    /// <summary>One table of the node namespace as iptables-save prints it.</summary>
    public string SaveIptables(string table) =>
        HostCommand.Run("ip", "netns", "exec", Plan.NodeNamespace, "iptables-save", "-t", table);

    /// <summary>
    /// Deletes every pod namespace of this lab and the node namespace. Works from the plan alone.
    /// Processes still inside them are killed first (dnsmasq, containers a crashed lab left behind):
    /// a namespace with processes in it outlives its name, and its veths and addresses with it.
    /// </summary>
    public static void Destroy(LabNetworkPlan plan)
    {
        var namespaces = LabNamespaces(plan).OrderBy(n => n == plan.NodeNamespace).ToList();
        foreach (var ns in namespaces)
        {
            var (exitCode, pids) = HostCommand.TryRun("ip", "netns", "pids", ns);
            if (exitCode != 0) continue;
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (int.TryParse(pid, out var id)) Processes.PosixSignals.Send(id, Processes.PosixSignals.SigKill);
        }
        foreach (var ns in namespaces) HostCommand.TryRun("ip", "netns", "delete", ns);
    }

    public void Dispose()
    {
        if (_sockets.IsValueCreated) _sockets.Value.Dispose();
    }

    private static IEnumerable<string> LabNamespaces(LabNetworkPlan plan) =>
        HostCommand.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(plan.NamespacePrefix, StringComparison.Ordinal));

    private HashSet<int> UsedPodOctets()
    {
        var links = HostCommand.Run("ip", "-n", Plan.NodeNamespace, "-o", "link", "show");
        return VethName().Matches(links).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
    }

    /// <summary>The node's end of a pod's veth, named after the pod address's last octet (well under 15 characters).</summary>
    private static string HostVeth(int octet) => $"vpod{octet}";

    [GeneratedRegex(@"^\d+: vpod(\d+)@", RegexOptions.Multiline)]
    private static partial Regex VethName();

    [GeneratedRegex(@"inet (\d+\.\d+\.\d+\.\d+)/32")]
    private static partial Regex PodAddress();
}
