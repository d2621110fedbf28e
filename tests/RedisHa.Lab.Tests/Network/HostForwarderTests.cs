using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>The host's path into the lab: a 127.x forward to a Service address.</summary>
public sealed class HostForwarderTests
{
    [Fact]
    public async Task Redis_commands_cross_the_forward_to_a_Service()
    {
        await using var lab = NetworkLab.Create("fwd");
        var pod = lab.Node.AddPod("redis");
        lab.Start("ip", "netns", "exec", pod.NamespaceName, "redis-server", "--bind", "0.0.0.0", "--port", "6379",
            "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--logfile", "");
        await lab.WaitListeningAsync(new IPEndPoint(pod.Ip, 6379));
        var vip = lab.Plan.ServiceIp(1);
        new ServiceProxy(lab.Node).Apply([new ServiceRoute("redis", vip, 6379, [new IPEndPoint(pod.Ip, 6379)])]);
        var listen = new IPEndPoint(lab.Plan.HostAddress(1), 6379);
        await using var forwarder = new HostForwarder(lab.Node);
        forwarder.Add(listen, new IPEndPoint(vip, 6379));

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listen);
        Assert.Equal("+PONG", await AskAsync(client, "PING"));
        Assert.Equal("+OK", await AskAsync(client, "SET lab forwarded"));
        Assert.Equal("$9", (await AskAsync(client, "GET lab")).Split("\r\n")[0]);
    }

    [Fact]
    public async Task A_refused_target_closes_the_client_at_once()
    {
        await using var lab = NetworkLab.Create("fwdrefuse");
        var listen = new IPEndPoint(lab.Plan.HostAddress(2), 6379);
        await using var forwarder = new HostForwarder(lab.Node);
        forwarder.Add(listen, new IPEndPoint(lab.Plan.ServiceIp(5), 6379));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listen);
        var clock = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var read = await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token);
            Assert.Equal(0, read);
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"closed after {clock.Elapsed}");
    }

    private static async Task<string> AskAsync(Socket socket, string command)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[256];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
    }
}
