using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RedisHa.Lab.Cluster.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>Services as kube-proxy's iptables mode programs them, in a real node namespace.</summary>
public sealed class ServiceProxyTests
{
    [Fact]
    public async Task A_pod_reaches_every_endpoint_through_the_Service_address()
    {
        await using var lab = NetworkLab.Create("svcpod");
        var client = lab.Node.AddPod("client");
        var endpoints = await Task.WhenAll(new[] { "e1", "e2", "e3" }.Select(name => lab.EchoPodAsync(name, 8080)));
        var vip = lab.Plan.ServiceIp(1);
        new ServiceProxy(lab.Node).Apply([new ServiceRoute("echo", vip, 80, endpoints.Select(e => new IPEndPoint(e.Ip, 8080)).ToList())]);
        var seen = new HashSet<string>();
        for (var i = 0; i < 60 && seen.Count < 3; i++) seen.Add(await lab.AskFromPodAsync(client, vip, 80));
        Assert.Equal(["e1", "e2", "e3"], seen.Order());
    }

    [Fact]
    public async Task The_node_itself_reaches_a_Service_and_a_pod_reaches_itself_through_its_Service()
    {
        await using var lab = NetworkLab.Create("svcnode");
        var pod = await lab.EchoPodAsync("self", 8080);
        var vip = lab.Plan.ServiceIp(2);
        new ServiceProxy(lab.Node).Apply([new ServiceRoute("self", vip, 6379, [new IPEndPoint(pod.Ip, 8080)])]);
        using (var socket = await lab.Node.ConnectAsync(new IPEndPoint(vip, 6379)))
        {
            var buffer = new byte[16];
            Assert.Equal("self", Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer)).Trim());
        }
        // Hairpin: without the masquerade the pod would answer itself from its own address and the
        // connection would never complete.
        Assert.Equal("self", await lab.AskFromPodAsync(pod, vip, 6379));
    }

    [Fact]
    public async Task A_Service_without_endpoints_refuses_at_once()
    {
        await using var lab = NetworkLab.Create("svcnone");
        var pod = await lab.EchoPodAsync("only", 8080);
        var vip = lab.Plan.ServiceIp(3);
        var proxy = new ServiceProxy(lab.Node);
        proxy.Apply([new ServiceRoute("gone", vip, 80, [new IPEndPoint(pod.Ip, 8080)])]);
        Assert.Equal("only", await lab.AskFromPodAsync(pod, vip, 80));
        proxy.Apply([new ServiceRoute("gone", vip, 80, [])]);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SocketException>(async () => await lab.Node.ConnectAsync(new IPEndPoint(vip, 80)));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        var (exitCode, _) = await RedisHa.Lab.Node.Network.HostCommand.RunAsync(
            ["ip", "netns", "exec", pod.NamespaceName, "busybox", "nc", "-w", "5", vip.ToString(), "80"], TimeSpan.FromSeconds(8), CancellationToken.None);
        Assert.NotEqual(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"refused after {clock.Elapsed}");
        Assert.Contains("REJECT", lab.Node.SaveIptables("filter"));
    }
}
