using System.Diagnostics;
using System.Net;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Network;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Network;

/// <summary>dnsmasq as the cluster DNS, asked from inside a pod namespace as a pod would.</summary>
public sealed class ClusterDnsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Pods_resolve_cluster_names_see_updates_and_nothing_else()
    {
        await using var lab = NetworkLab.Create("dns");
        var pod = lab.Node.AddPod("asker");
        var dns = new ClusterDns(lab.Node, lab.Directory);
        dns.Start();
        try
        {
            const string name = "redis-node-0.redis.svc.cluster.local";
            dns.Update([new DnsRecord(name, IPAddress.Parse("10.96.1.21"))]);
            var clock = Stopwatch.StartNew();
            var (exitCode, answer) = await LookupAsync(lab, pod, name);
            output.WriteLine($"first lookup {clock.ElapsedMilliseconds} ms: {answer}");
            Assert.Equal(0, exitCode);
            Assert.Contains("10.96.1.21", answer);

            dns.Update([new DnsRecord(name, IPAddress.Parse("10.96.1.22"))]);
            await Eventually(async () => (await LookupAsync(lab, pod, name)).Output.Contains("10.96.1.22"));

            var unknown = await LookupAsync(lab, pod, "nobody.redis.svc.cluster.local");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("NXDOMAIN", unknown.Output);
            // No upstream server: an outside name gets no answer rather than being forwarded.
            var outside = await LookupAsync(lab, pod, "example.com");
            Assert.NotEqual(0, outside.ExitCode);
            Assert.DoesNotContain("Address: ", outside.Output.Split("\n").Skip(2).FirstOrDefault() ?? "");
        }
        finally
        {
            // As a later process would: from the pid file alone.
            new ClusterDns(RedisHa.Lab.Node.Network.NodeNetwork.Attach(lab.Plan), lab.Directory).Stop();
        }
        Assert.False(File.Exists(dns.PidFile));
        Assert.DoesNotContain("dnsmasq", await PidsInNodeAsync(lab));
    }

    [Fact]
    public void The_server_has_no_upstream_and_listens_on_the_DNS_address_only()
    {
        var command = ClusterDns.DnsmasqCommand(new LabNetworkPlan("x", 1), "/tmp/x");
        Assert.Contains("--no-resolv", command);
        Assert.DoesNotContain(command, c => c.StartsWith("--server", StringComparison.Ordinal));
        Assert.Contains("--listen-address=10.96.1.10", command);
        Assert.Contains("--bind-interfaces", command);
    }

    [Fact]
    public void The_hosts_file_is_stable_for_equal_records()
    {
        var a = ClusterDns.HostsText([new DnsRecord("b.cluster.local", IPAddress.Parse("10.96.1.2")), new DnsRecord("a.cluster.local.", IPAddress.Parse("10.96.1.1"))]);
        var b = ClusterDns.HostsText([new DnsRecord("a.cluster.local", IPAddress.Parse("10.96.1.1")), new DnsRecord("b.cluster.local", IPAddress.Parse("10.96.1.2"))]);
        Assert.Equal("10.96.1.1 a.cluster.local\n10.96.1.2 b.cluster.local\n", a);
        Assert.Equal(a, b);
    }

    private static Task<(int ExitCode, string Output)> LookupAsync(NetworkLab lab, PodInterface pod, string name) =>
        HostCommand.RunAsync(["ip", "netns", "exec", pod.NamespaceName, "busybox", "timeout", "3", "busybox", "nslookup", name, lab.Plan.DnsIp.ToString()],
            TimeSpan.FromSeconds(6), CancellationToken.None);

    private static async Task<string> PidsInNodeAsync(NetworkLab lab) =>
        (await HostCommand.RunAsync(["sh", "-c", $"for p in $(ip netns pids {lab.Plan.NodeNamespace}); do cat /proc/$p/comm; done"], TimeSpan.FromSeconds(5), CancellationToken.None)).Output;

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 10 s");
            await Task.Delay(100);
        }
    }
}
