using System.Net;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// The address ranges of one lab. They exist only inside the lab's own network namespaces and are
/// never routed off the machine; <paramref name="Index"/> (1..250) gives each lab ranges of its own
/// (pods 10.244.I.0/24, Services 10.96.I.0/24) and a loopback block 127.R.I.0/24 where the host
/// reaches the lab's Services through forwards.
/// </summary>
public sealed partial record LabNetworkPlan(string LabName, int Index)
{
    /// <summary>
    /// The second octet of every lab's host block. The older process lab picks 127.64-249.x.x at
    /// random, so this one stays below that range and the two never collide.
    /// </summary>
    public const int HostBlockOctet = 42;

    /// <summary>The first pod address of the pod range (.1 is the node).</summary>
    public const int FirstPodOctet = 10;

    private const int DnsOctet = 10;

    /// <summary>
    /// Every namespace of a lab starts with this: the index (so <see cref="Allocate"/> sees which are
    /// taken) and the lab's name (so a person reading `ip netns list` sees whose it is).
    /// </summary>
    public string NamespacePrefix => $"rhlab{Index}-{LabName}-";

    /// <summary>The node namespace's name (ip netns).</summary>
    public string NodeNamespace => NamespacePrefix + "node";
    /// <summary>The node's own address in the pod range: the pods' gateway (x.x.x.1).</summary>
    public IPAddress NodeIp => IPAddress.Parse($"10.244.{Index}.1");
    public string PodCidr => $"10.244.{Index}.0/24";
    public string ServiceCidr => $"10.96.{Index}.0/24";
    public string HostCidr => $"127.{HostBlockOctet}.{Index}.0/24";
    /// <summary>The cluster DNS Service's address (x.x.x.10 of the Service range).</summary>
    public IPAddress DnsIp => IPAddress.Parse($"10.96.{Index}.{DnsOctet}");

    /// <summary>The n-th Service address (n ≥ 1), skipping the DNS address.</summary>
    public IPAddress ServiceIp(int n)
    {
        var octet = n < DnsOctet ? n : n + 1;
        if (n < 1 || octet > 254) throw new ArgumentOutOfRangeException(nameof(n), n, "the Service range holds 253 addresses besides the DNS");
        return IPAddress.Parse($"10.96.{Index}.{octet}");
    }

    /// <summary>The n-th loopback address (n ≥ 1) of this lab's host block, for forwards from the host.</summary>
    public IPAddress HostAddress(int n)
    {
        if (n is < 1 or > 254) throw new ArgumentOutOfRangeException(nameof(n), n, "the host block holds 254 addresses");
        return IPAddress.Parse($"127.{HostBlockOctet}.{Index}.{n}");
    }

    /// <summary>The pod address with the given last octet.</summary>
    public IPAddress PodIp(int octet) => IPAddress.Parse($"10.244.{Index}.{octet}");

    /// <summary>The namespace of a pod: the lab's prefix and the pod's key, made safe for a file name.</summary>
    public string PodNamespace(string podKey) => NamespacePrefix + "pod-" + UnsafeNameCharacters().Replace(podKey, "-");

    /// <summary>
    /// A free index, reserved: no other lab's node namespace uses it, none of its ranges overlaps a
    /// route of the host, and nothing listens in its host block. The node namespace is created here,
    /// under a lock shared by every process on the machine, so two labs allocating at the same moment
    /// cannot both take the same index; <see cref="NodeNetwork.Create"/> then configures it.
    /// </summary>
    public static LabNetworkPlan Allocate(string labName)
    {
        if (!SafeLabName().IsMatch(labName))
            throw new ArgumentException($"lab name '{labName}': letters, digits and '-' only, at most 40 characters", nameof(labName));
        using var machineLock = MachineLock.Acquire("/run/lock/redis-ha-lab-network.lock", TimeSpan.FromSeconds(30));
        var namespaces = HostCommand.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0]).ToList();
        var taken = namespaces.Select(name => IndexOf().Match(name)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        var routes = HostRoutes.Ipv4Destinations(HostCommand.Run("ip", "-4", "route", "show", "table", "all"));
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(l => l.Address).ToList();
        for (var index = 1; index <= 250; index++)
        {
            if (taken.Contains(index)) continue;
            var plan = new LabNetworkPlan(labName, index);
            var ranges = new[] { IPNetwork.Parse(plan.PodCidr), IPNetwork.Parse(plan.ServiceCidr) };
            if (routes.Any(route => ranges.Any(range => HostRoutes.Overlap(route, range)))) continue;
            var hostBlock = IPNetwork.Parse(plan.HostCidr);
            if (listeners.Any(hostBlock.Contains)) continue;
            HostCommand.Run("ip", "netns", "add", plan.NodeNamespace);
            return plan;
        }
        throw new InvalidOperationException("no free lab network index (1..250): destroy old labs (ip netns list)");
    }

    [GeneratedRegex(@"^rhlab(\d+)-")]
    private static partial Regex IndexOf();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex SafeLabName();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeNameCharacters();
}
