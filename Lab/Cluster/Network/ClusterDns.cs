using RedisHa.Lab.Node.Network;

#pragma warning disable CS9113 // contract stub: the implementation uses its parameters
namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// Cluster DNS: dnsmasq in the node namespace on the DNS Service address, authoritative for
/// cluster.local, answering from a hosts file that <see cref="Update"/> rewrites (SIGHUP re-reads it).
/// Names it does not know are NXDOMAIN; nothing is forwarded off the machine.
/// </summary>
public sealed class ClusterDns(NodeNetwork node, string directory)
{
    public const string Domain = "cluster.local";

    public void Start() => throw new NotImplementedException();

    public void Update(IReadOnlyList<DnsRecord> records) => throw new NotImplementedException();

    /// <summary>Stops dnsmasq (from its pid file, so a later process can stop what an earlier one started).</summary>
    public void Stop() => throw new NotImplementedException();
}
