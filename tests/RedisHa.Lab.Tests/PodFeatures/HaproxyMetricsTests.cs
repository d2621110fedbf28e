using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RedisHa.Blueprint.Files;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>HAProxy's built-in Prometheus endpoint on each HAProxy pod, as a scraper on the cluster's node sees it.</summary>
public sealed partial class HaproxyMetricsTests(ITestOutputHelper output)
{
    private const int MetricsPort = 8404;

    [Fact]
    public async Task Each_haproxy_pod_serves_prometheus_metrics_that_show_which_routes_are_up()
    {
        await using var s = await SettledScenario.StartAsync(output, "HAProxy metrics");
        var master = await s.MasterAsync();
        await HaproxyRouting.AssertOnlyToAsync(s, master);
        Assert.NotEmpty(s.Lab.HaproxyPods);

        foreach (var pod in s.Lab.HaproxyPods)
        {
            var ip = pod.Network!.Ip;
            // The pod's address is reachable only from the lab's node (as a Prometheus there would scrape it): connect from its namespace.
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancel) => new NetworkStream(await s.Lab.Network.ConnectAsync(new IPEndPoint(ip, MetricsPort), cancel), ownsSocket: true),
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            var metrics = await http.GetStringAsync($"http://{ip}:{MetricsPort}/metrics");

            // The master's node backend has its server active, every other node's none; every
            // sentinel names the master, so its approval backend has all of them active.
            var active = ActiveServers().Matches(metrics).ToDictionary(m => m.Groups["backend"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            for (var node = 0; node < s.Spec.Replicas; node++)
            {
                foreach (var (backend, expected) in new[] { (HaproxyBackends.Node(node), node == master ? 1 : 0), (HaproxyBackends.Approval(node), node == master ? s.Spec.Replicas : 0) })
                {
                    Assert.True(active.ContainsKey(backend), $"{pod.Name}: no haproxy_backend_active_servers for {backend}");
                    Assert.True(active[backend] == expected, $"{pod.Name}: {backend} has {active[backend]} active servers, not {expected}; the master is {s.Spec.Names.Pod(master)}");
                }
            }
            Assert.Contains("haproxy_frontend_current_sessions{proxy=\"redis\"}", metrics);
        }
    }

    [GeneratedRegex(@"^haproxy_backend_active_servers\{proxy=""(?<backend>(?:node|sentinels_naming)_[^""]+)""\} (?<value>[0-9.]+)$", RegexOptions.Multiline)]
    private static partial Regex ActiveServers();
}
