using System.Net;
using System.Text;
using k8s.Models;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>The project's own rendered NetworkPolicies, enforced in a real node namespace.</summary>
public sealed class PodFirewallTests
{
    private const string ClientNamespace = "clients";

    [Fact]
    public async Task The_rendered_policies_admit_exactly_what_the_deployment_needs()
    {
        var objects = RedisHaBlueprint.Create(OptionsValidator.Validate(new RedisHaOptions
        {
            NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = [ClientNamespace] },
        })).Kubernetes.All;
        var policies = objects.OfType<V1NetworkPolicy>().ToList();
        var statefulSet = objects.OfType<V1StatefulSet>().Single();
        var deployment = objects.OfType<V1Deployment>().Single();
        var ns = statefulSet.Metadata.NamespaceProperty;
        Assert.Equal(2, policies.Count);

        await using var lab = NetworkLab.Create("policy");
        var dns = new ClusterDns(lab.Node, lab.Directory);
        dns.Start();
        dns.Update([new DnsRecord($"redis.{ns}.svc.cluster.local", lab.Plan.ServiceIp(1))]);
        try
        {
            var server0 = await lab.EchoPodAsync("server-0", 6379, 26379);
            var server1 = await lab.EchoPodAsync("server-1", 6379, 26379);
            var haproxy = await lab.EchoPodAsync("haproxy", 6379);
            var client = lab.Node.AddPod("client");
            var stranger = lab.Node.AddPod("stranger");
            var lonely = lab.Node.AddPod("lonely");
            var serverLabels = statefulSet.Spec.Template.Metadata.Labels.AsReadOnly();
            var haproxyLabels = deployment.Spec.Template.Metadata.Labels.AsReadOnly();
            var clientLabels = new Dictionary<string, string> { ["app"] = "client" };
            FirewallPod[] pods =
            [
                Pod(ns, server0, serverLabels), Pod(ns, server1, serverLabels), Pod(ns, haproxy, haproxyLabels),
                Pod(ClientNamespace, client, clientLabels), Pod("elsewhere", stranger, clientLabels),
                Pod(ClientNamespace, lonely, new Dictionary<string, string> { ["app"] = "lonely" }),
            ];
            // A pod whose egress policy admits only Redis anywhere: no DNS.
            var lonelyPolicy = new V1NetworkPolicy
            {
                Metadata = new V1ObjectMeta { Name = "lonely", NamespaceProperty = ClientNamespace },
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "lonely" } },
                    PolicyTypes = ["Egress"],
                    Egress = [new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Port = 6379, Protocol = "TCP" }] }],
                },
            };
            var vip = lab.Plan.ServiceIp(2);
            new ServiceProxy(lab.Node).Apply([new ServiceRoute("endpoint", vip, 6379, [new IPEndPoint(haproxy.Ip, 6379)])]);
            new PodFirewall(lab.Node).Apply([.. policies, lonelyPolicy], pods, new Dictionary<string, IReadOnlyDictionary<string, string>>(), []);

            Assert.Equal("server-1", await lab.AskFromPodAsync(server0, server1.Ip, 6379));
            Assert.Equal("server-1", await lab.AskFromPodAsync(server0, server1.Ip, 26379));
            Assert.Equal("server-0", await lab.AskFromPodAsync(server1, server0.Ip, 26379));
            Assert.Equal("server-0", await lab.AskFromPodAsync(haproxy, server0.Ip, 6379));
            Assert.Equal("server-0", await lab.AskFromPodAsync(haproxy, server0.Ip, 26379));
            Assert.Equal("haproxy", await lab.AskFromPodAsync(client, haproxy.Ip, 6379));
            Assert.Equal("haproxy", await lab.AskFromPodAsync(client, vip, 6379));
            Assert.Equal("haproxy", await lab.AskFromPodAsync(lonely, vip, 6379));
            // The node is never filtered (kubelet probes, the host's forwards).
            using (var fromNode = await lab.Node.ConnectAsync(new IPEndPoint(server0.Ip, 6379))) Assert.True(fromNode.Connected);

            Assert.Contains("timed out", await lab.AskFromPodAsync(client, server0.Ip, 6379, timeoutSeconds: 1));
            Assert.Contains("timed out", await lab.AskFromPodAsync(stranger, haproxy.Ip, 6379, timeoutSeconds: 1));
            Assert.Contains("timed out", await lab.AskFromPodAsync(stranger, vip, 6379, timeoutSeconds: 1));
            // Servers' egress goes only to servers and DNS.
            Assert.Contains("timed out", await lab.AskFromPodAsync(server0, haproxy.Ip, 6379, timeoutSeconds: 1));

            var name = $"redis.{ns}.svc.cluster.local";
            Assert.Equal(0, (await LookupAsync(lab, server0, name)).ExitCode);
            Assert.Equal(0, (await LookupAsync(lab, haproxy, name)).ExitCode);
            Assert.Equal(0, (await LookupAsync(lab, client, name)).ExitCode);
            Assert.NotEqual(0, (await LookupAsync(lab, lonely, name)).ExitCode);
        }
        finally
        {
            dns.Stop();
        }
    }

    [Fact]
    public async Task A_cut_drops_an_established_connection_until_it_heals()
    {
        await using var lab = NetworkLab.Create("cut");
        var server = lab.Node.AddPod("server");
        lab.Start("ip", "netns", "exec", server.NamespaceName, "busybox", "nc", "-ll", "-p", "7000", "-e", "cat");
        await lab.WaitListeningAsync(new IPEndPoint(server.Ip, 7000));
        var client = lab.Node.AddPod("client");
        var labels = new Dictionary<string, string>();
        FirewallPod[] pods = [Pod("a", server, labels), Pod("a", client, labels)];
        var firewall = new PodFirewall(lab.Node);
        firewall.Apply([], pods, new Dictionary<string, IReadOnlyDictionary<string, string>>(), []);

        var nc = lab.StartInteractive("ip", "netns", "exec", client.NamespaceName, "busybox", "nc", server.Ip.ToString(), "7000");
        var reader = new LineReader(nc.StandardOutput.BaseStream);
        Assert.Equal("before", await SendAndReadAsync(nc, reader, "before", TimeSpan.FromSeconds(5)));

        firewall.Apply([], pods, new Dictionary<string, IReadOnlyDictionary<string, string>>(), [new Cut(server.Ip, [client.Ip])]);
        Assert.Null(await SendAndReadAsync(nc, reader, "during", TimeSpan.FromSeconds(2)));

        firewall.Apply([], pods, new Dictionary<string, IReadOnlyDictionary<string, string>>(), []);
        // The same connection recovers when TCP retransmits: the cut dropped it, never reset it.
        Assert.Equal("during", await reader.ReadLineAsync(TimeSpan.FromSeconds(15)));
    }

    private static FirewallPod Pod(string ns, PodInterface pod, IReadOnlyDictionary<string, string> labels) =>
        new(ns, pod.NamespaceName, pod.Ip, pod.HostVeth, labels);

    private static Task<(int ExitCode, string Output)> LookupAsync(NetworkLab lab, PodInterface pod, string name) =>
        HostCommand.RunAsync(["ip", "netns", "exec", pod.NamespaceName, "busybox", "timeout", "2", "busybox", "nslookup", name, lab.Plan.DnsIp.ToString()],
            TimeSpan.FromSeconds(5), CancellationToken.None);

    private static async Task<string?> SendAndReadAsync(System.Diagnostics.Process nc, LineReader reader, string line, TimeSpan wait)
    {
        await nc.StandardInput.WriteLineAsync(line);
        await nc.StandardInput.FlushAsync();
        return await reader.ReadLineAsync(wait);
    }

    /// <summary>Lines from a stream with a time limit per line; a read that times out stays pending for the next call.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII);
        private Task<string?>? _pending;

        public async Task<string?> ReadLineAsync(TimeSpan wait)
        {
            _pending ??= _reader.ReadLineAsync();
            if (await Task.WhenAny(_pending, Task.Delay(wait)) != _pending) return null;
            var line = await _pending;
            _pending = null;
            return line;
        }
    }
}
