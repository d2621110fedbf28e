using System.Net;
using System.Net.Sockets;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// The lab's node: a network namespace that routes between the pods' namespaces (veth pairs,
/// routed, not bridged), holds the Service rules and the DNS server's address, and from which the
/// lab itself opens connections to pods and Services (probes, forwards from the host).
/// </summary>
public sealed class NodeNetwork
{
    private NodeNetwork(LabNetworkPlan plan) => Plan = plan;

    public LabNetworkPlan Plan { get; }

    /// <summary>Creates the node namespace (forwarding on, the DNS address on lo, a route for the Service range).</summary>
    public static NodeNetwork Create(LabNetworkPlan plan) => throw new NotImplementedException();

    /// <summary>The node of an existing lab (its namespace must exist).</summary>
    public static NodeNetwork Attach(LabNetworkPlan plan) => throw new NotImplementedException();

    /// <summary>Creates a pod's namespace and veth pair and gives it the next free address of the pod range.</summary>
    public PodInterface AddPod(string podKey) => throw new NotImplementedException();

    /// <summary>Deletes a pod's namespace (its veth goes with it).</summary>
    public void RemovePod(PodInterface pod) => throw new NotImplementedException();

    /// <summary>Opens a TCP connection from inside the node namespace (to a pod or a Service address).</summary>
    public Task<Socket> ConnectAsync(IPEndPoint target, CancellationToken cancel = default) => throw new NotImplementedException();

    /// <summary>Runs a program inside the node namespace (ip netns exec) and returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default) => throw new NotImplementedException();

    /// <summary>Deletes every pod namespace of this lab and the node namespace. Works from the plan alone.</summary>
    public static void Destroy(LabNetworkPlan plan) => throw new NotImplementedException();
}
