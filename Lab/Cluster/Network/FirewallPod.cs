using System.Net;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>A pod as network policies see it: namespace, labels, address, and its veth on the node.</summary>
public sealed record FirewallPod(string Namespace, string Name, IPAddress Ip, string HostVeth, IReadOnlyDictionary<string, string> Labels);
