using RedisHa.Cli.Check;
using RedisHa.Lab.Cluster;

namespace RedisHa.Cli.Tests;

/// <summary>
/// Sentinels name each node by its announce Service's ClusterIP, which only the lab's node reaches;
/// the host reaches the same Service on its loopback forward. The check is given this map so that
/// it asks the very node the sentinels name, as it would inside the cluster.
/// </summary>
internal static class AnnouncedAddresses
{
    public static Func<RedisAddress, RedisAddress> Route(PodLab lab) => address =>
        lab.OrdinalOfAnnounced(address.Host) is { } ordinal ? address with { Host = lab.NodeHost(ordinal) } : address;
}
