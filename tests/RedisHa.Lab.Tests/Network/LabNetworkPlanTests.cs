using System.Net;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

public sealed class LabNetworkPlanTests
{
    [Fact]
    public void The_ranges_follow_the_index()
    {
        var plan = new LabNetworkPlan("demo", 7);
        Assert.Equal("rhlab7-demo-node", plan.NodeNamespace);
        Assert.Equal(IPAddress.Parse("10.244.7.1"), plan.NodeIp);
        Assert.Equal("10.244.7.0/24", plan.PodCidr);
        Assert.Equal("10.96.7.0/24", plan.ServiceCidr);
        Assert.Equal(IPAddress.Parse("10.96.7.10"), plan.DnsIp);
        Assert.Equal(IPAddress.Parse("10.96.7.9"), plan.ServiceIp(9));
        Assert.Equal(IPAddress.Parse("10.96.7.11"), plan.ServiceIp(10));
        Assert.Equal(IPAddress.Parse($"127.{LabNetworkPlan.HostBlockOctet}.7.3"), plan.HostAddress(3));
        Assert.StartsWith(plan.NamespacePrefix, plan.PodNamespace("redis/node-0"));
        Assert.DoesNotContain("/", plan.PodNamespace("redis/node-0"));
    }

    [Fact]
    public void Host_routes_are_read_without_the_default_route()
    {
        var routes = HostRoutes.Ipv4Destinations("""
            default via 192.0.2.1 dev eth0
            10.244.3.0/24 dev cni0 proto kernel scope link src 10.244.3.1
            local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
            broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2
            10.96.0.0/12 via 192.0.2.9 dev eth0
            """);
        Assert.Equal(["10.244.3.0/24", "127.0.0.0/8", "192.0.2.255/32", "10.96.0.0/12"], routes.Select(r => r.ToString()));
        Assert.True(HostRoutes.Overlap(routes[3], IPNetwork.Parse("10.96.5.0/24")));
        Assert.False(HostRoutes.Overlap(routes[0], IPNetwork.Parse("10.244.4.0/24")));
    }
}
