using System.Net;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// The address ranges of one lab. They exist only inside the lab's own network namespaces and are
/// never routed off the machine; <paramref name="Index"/> (1..250) gives each lab ranges of its own
/// (pods 10.244.I.0/24, Services 10.96.I.0/24) and a loopback block 127.R.I.0/24 where the host
/// reaches the lab's Services through forwards.
/// </summary>
public sealed record LabNetworkPlan(string LabName, int Index)
{
    /// <summary>The node namespace's name (ip netns).</summary>
    public string NodeNamespace => throw new NotImplementedException();
    /// <summary>The node's own address in the pod range: the pods' gateway (x.x.x.1).</summary>
    public IPAddress NodeIp => throw new NotImplementedException();
    public string PodCidr => throw new NotImplementedException();
    public string ServiceCidr => throw new NotImplementedException();
    /// <summary>The cluster DNS Service's address (x.x.x.10 of the Service range).</summary>
    public IPAddress DnsIp => throw new NotImplementedException();
    /// <summary>The n-th Service address (n ≥ 1), skipping the DNS address.</summary>
    public IPAddress ServiceIp(int n) => throw new NotImplementedException();
    /// <summary>The n-th loopback address (n ≥ 1) of this lab's host block, for forwards from the host.</summary>
    public IPAddress HostAddress(int n) => throw new NotImplementedException();

    /// <summary>A free index: no other lab's node namespace uses it and none of its ranges overlaps a route of the host.</summary>
    public static LabNetworkPlan Allocate(string labName) => throw new NotImplementedException();
}
