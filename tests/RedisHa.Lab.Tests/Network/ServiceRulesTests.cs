using System.Net;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

public sealed class ServiceRulesTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.96.1.1");

    [Fact]
    public void Endpoints_are_chosen_with_kube_proxys_probabilities()
    {
        var endpoints = Enumerable.Range(10, 3).Select(o => new IPEndPoint(IPAddress.Parse($"10.244.1.{o}"), 6379)).ToList();
        var nat = ServiceRules.Nat([new ServiceRoute("redis", Vip, 6379, endpoints)]);
        Assert.Contains("--probability 0.3333333333", nat);
        Assert.Contains("--probability 0.5000000000", nat);
        Assert.Contains("-j DNAT --to-destination 10.244.1.12:6379", nat);
        Assert.Contains("-s 10.244.1.10/32 -j MARK --set-xmark 0x4000/0x4000", nat);
        Assert.Contains("-A PREROUTING", nat);
        Assert.Contains("-A OUTPUT", nat);
        Assert.Contains("-j MASQUERADE", nat);
        Assert.StartsWith("*nat\n", nat);
    }

    [Fact]
    public void Only_Services_without_endpoints_are_rejected_in_the_services_chain_alone()
    {
        var rejects = ServiceRules.Rejects([
            new ServiceRoute("empty", Vip, 80, []),
            new ServiceRoute("full", IPAddress.Parse("10.96.1.2"), 80, [new IPEndPoint(IPAddress.Parse("10.244.1.10"), 80)]),
        ]);
        Assert.Contains($"-A {NodeChains.ServiceRejects} -d 10.96.1.1/32 -p tcp", rejects);
        Assert.DoesNotContain("10.96.1.2", rejects);
        Assert.DoesNotContain(":FORWARD", rejects);
    }
}
