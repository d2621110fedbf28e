using System.Net;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>A fully qualified name (without the trailing dot) and one of its addresses.</summary>
public sealed record DnsRecord(string Name, IPAddress Address);
