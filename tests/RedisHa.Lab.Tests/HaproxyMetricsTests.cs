using System.Text.RegularExpressions;
using RedisHa.Blueprint.Files;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>HAProxy's built-in Prometheus endpoint, as a scraper sees it in the lab.</summary>
public sealed partial class HaproxyMetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Each_proxy_serves_prometheus_metrics_that_show_which_routes_are_up()
    {
        await using var s = await Scenario.StartAsync(output, "HAProxy metrics");
        var master = await s.MasterAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        foreach (var proxy in s.Lab.Proxies)
        {
            var metrics = await http.GetStringAsync($"{proxy.StatsUrl}/metrics");

            // One active server per backend: 1 on every route to the master, 0 on every other route.
            var active = ActiveServers().Matches(metrics).ToDictionary(m => m.Groups["backend"].Value, m => double.Parse(m.Groups["value"].Value));
            foreach (var route in HaproxyRoute.All(s.Spec.Replicas, s.Spec.Quorum))
                Assert.Equal(route.Node == master ? 1 : 0, active[route.Backend]);
            Assert.Contains("haproxy_frontend_current_sessions{proxy=\"redis\"}", metrics);
        }
    }

    [GeneratedRegex(@"^haproxy_backend_active_servers\{proxy=""(?<backend>node_[^""]+)""\} (?<value>[0-9.]+)$", RegexOptions.Multiline)]
    private static partial Regex ActiveServers();
}
