using System.Net;

namespace RedisHa.Lab.Node.Network;

/// <summary>A pod's network: its namespace (ip netns name and path), its address, and the node-side end of its veth pair.</summary>
public sealed record PodInterface(string NamespaceName, string NamespacePath, IPAddress Ip, string HostVeth);
