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

            // One active server per backend: 1 on every route to the master, 0 on every other route.
            var active = ActiveServers().Matches(metrics).ToDictionary(m => m.Groups["backend"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            foreach (var route in HaproxyRoute.All(s.Spec.Replicas, s.Spec.Quorum))
            {
                Assert.True(active.ContainsKey(route.Backend), $"{pod.Name}: no haproxy_backend_active_servers for {route.Backend}");
                Assert.True(active[route.Backend] == (route.Node == master ? 1 : 0),
                    $"{pod.Name}: {route.Backend} has {active[route.Backend]} active servers; the master is {s.Spec.Names.Pod(master)}");
            }
            Assert.Contains("haproxy_frontend_current_sessions{proxy=\"redis\"}", metrics);
        }
    }

    [GeneratedRegex(@"^haproxy_backend_active_servers\{proxy=""(?<backend>node_[^""]+)""\} (?<value>[0-9.]+)$", RegexOptions.Multiline)]
    private static partial Regex ActiveServers();
}
