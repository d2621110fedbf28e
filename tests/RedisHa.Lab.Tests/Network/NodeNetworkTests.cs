using System.Net;
using System.Net.Sockets;
using System.Text;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>The node and pod namespaces: routing between pods, sockets opened inside the node, attach, destroy.</summary>
public sealed class NodeNetworkTests
{
    [Fact]
    public async Task A_pod_reaches_another_pod_through_the_node()
    {
        await using var lab = NetworkLab.Create("pod2pod");
        var a = await lab.EchoPodAsync("a", 7000);
        var b = await lab.EchoPodAsync("b", 7000);
        Assert.Equal(lab.Plan.PodIp(LabNetworkPlan.FirstPodOctet), a.Ip);
        Assert.Equal("b", await lab.AskFromPodAsync(a, b.Ip, 7000));
        Assert.Equal("a", await lab.AskFromPodAsync(b, a.Ip, 7000));
        // lo is up in the pod: its own 127.0.0.1 works.
        Assert.Equal("a", await lab.AskFromPodAsync(a, IPAddress.Loopback, 7000));
    }

    [Fact]
    public async Task A_socket_made_inside_the_node_keeps_its_namespace_on_any_thread()
    {
        await using var lab = NetworkLab.Create("sockns");
        var pod = await lab.EchoPodAsync("p", 7001);
        // Connected and read on pool threads, created on the node's thread. One after the other:
        // busybox nc listens with a backlog of 2, and a full accept queue stalls a handshake for seconds.
        List<string> replies = [];
        for (var i = 0; i < 4; i++) replies.Add(await Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(10000);
            using var socket = await lab.Node.ConnectAsync(new IPEndPoint(pod.Ip, 7001), cts.Token);
            Assert.Equal(lab.Plan.NodeIp, ((IPEndPoint)socket.LocalEndPoint!).Address);
            var buffer = new byte[16];
            var read = await socket.ReceiveAsync(buffer, cts.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Trim();
        }));
        Assert.All(replies, reply => Assert.Equal("p", reply));
        // The calling thread is still in the root namespace: the node's addresses are not here.
        var rootAddresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToList();
        Assert.DoesNotContain(lab.Plan.DnsIp, rootAddresses);
    }

    [Fact]
    public async Task A_later_process_attaches_and_continues_the_allocations()
    {
        await using var lab = NetworkLab.Create("attach");
        var first = lab.Node.AddPod("one");
        var second = lab.Node.AddPod("two");
        using var attached = NodeNetwork.Attach(lab.Plan);
        Assert.Equal([first, second], attached.Pods().OrderBy(p => p.Ip.GetAddressBytes()[3]));
        attached.RemovePod(first);
        var third = attached.AddPod("three");
        Assert.Equal(first.Ip, third.Ip);
        var fourth = attached.AddPod("four");
        Assert.Equal(lab.Plan.PodIp(LabNetworkPlan.FirstPodOctet + 2), fourth.Ip);
        Assert.False(File.Exists(first.NamespacePath));
        Assert.True(fourth.HostVeth.Length <= 15);
    }

    [Fact]
    public async Task Run_executes_inside_the_node()
    {
        await using var lab = NetworkLab.Create("run");
        var (exitCode, output) = await lab.Node.RunAsync(["ip", "-4", "-o", "addr", "show", "dev", "lo"], TimeSpan.FromSeconds(5));
        Assert.Equal(0, exitCode);
        Assert.Contains(lab.Plan.DnsIp.ToString(), output);
    }

    [Fact]
    public void Destroy_kills_what_runs_inside_and_removes_every_namespace_of_the_lab()
    {
        var plan = LabNetworkPlan.Allocate($"tdestroy-{Guid.NewGuid().ToString("N")[..6]}");
        var node = NodeNetwork.Create(plan);
        var pod = node.AddPod("sleeper");
        using var sleeper = System.Diagnostics.Process.Start("ip", ["netns", "exec", pod.NamespaceName, "sleep", "300"]);
        node.Dispose();
        NodeNetwork.Destroy(plan);
        Assert.True(sleeper.WaitForExit(5000));
        var left = HostCommand.Run("ip", "netns", "list");
        Assert.DoesNotContain(plan.NamespacePrefix, left);
        NodeNetwork.Destroy(plan); // idempotent
    }

    [Fact]
    public void Allocate_gives_concurrent_labs_different_indexes()
    {
        var plans = Enumerable.Range(0, 4).AsParallel().Select(i => LabNetworkPlan.Allocate($"tconc{i}-{Guid.NewGuid().ToString("N")[..6]}")).ToList();
        try
        {
            Assert.Equal(plans.Count, plans.Select(p => p.Index).Distinct().Count());
        }
        finally
        {
            foreach (var plan in plans) NodeNetwork.Destroy(plan);
        }
    }
}
