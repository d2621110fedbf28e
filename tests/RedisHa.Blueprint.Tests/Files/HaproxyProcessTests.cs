using System.Net;
using System.Net.Sockets;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>The rendered haproxy.cfg and server state, given to a real haproxy.</summary>
public partial class HaproxyProcessTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^server \S+ ""\$\{REDIS_HA_NODE_(\d+)_IP\}:(\d+)""")]
    private static partial System.Text.RegularExpressions.Regex NodeOrdinal();

    [Theory]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(5, true)]
    [InlineData(5, false)]
    public void Haproxy_accepts_the_config(int replicas, bool auth)
    {
        var spec = OptionsValidator.Validate(new RedisHaOptions { Replicas = replicas, Auth = auth });
        var nodes = LoopbackAddress.RandomBlock([.. Enumerable.Range(2, replicas)]);
        using var setup = new HaproxySetup(spec, IPAddress.Loopback, nodes, auth ? "p'a\"s s$&/\\#%é€" : null);

        var result = setup.Check();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Configuration file is valid", result.Stdout + result.Stderr);
        Assert.DoesNotContain("[ALERT]", result.Stderr);
        // The only warnings expected are the server-state file putting servers DOWN; any other
        // warning means HAProxy ignored or reinterpreted part of the config.
        var warnings = result.Stderr.Split('\n').Where(l => l.Contains("[WARNING]", StringComparison.Ordinal)).ToList();
        Assert.All(warnings, w => Assert.Contains("is DOWN, changed from server-state", w));
        Assert.Equal(HaproxySetup.ServerStateRows(setup.StateText).Count, warnings.Count);
    }

    [Fact]
    public void Every_server_starts_DOWN_at_its_node_address_until_a_check_passes()
    {
        // Slow checks against sentinels that accept but never answer: no check finishes during the
        // test, so the state seen is the initial one. Without the state file it would be UP (op_state 2).
        var spec = OptionsValidator.Validate(new RedisHaOptions
        {
            DownAfterMilliseconds = 60_000, FailoverTimeoutMilliseconds = 120_000, HaproxyCheckIntervalMilliseconds = 60_000,
        });
        var addresses = LoopbackAddress.RandomBlock(1, 2, 3, 4);
        var (proxy, nodes) = (addresses[0], addresses.Skip(1).ToList());
        var silentSentinels = nodes.Select(ip => new TcpListener(ip, RedisHaSpec.SentinelPort)).ToList();
        try
        {
            silentSentinels.ForEach(l => l.Start());
            using var setup = new HaproxySetup(spec, proxy, nodes, "secret");
            using var haproxy = setup.Start();

            // The links' servers (sentinel_link_N/sentinel, node_link_N/redis) have no check and carry
            // no client: they are not in the state file and start as they are.
            var links = HaproxySection.Parse(File.ReadAllText(setup.ConfigPath)).Where(s => s.Kind == "listen").Select(s => s.Name).ToHashSet();
            var rows = setup.ServersStateWhenReady(haproxy).Where(r => !links.Contains(r[1])).ToList();
            // backend/server → (node, port) from each server line.
            var configured = HaproxySection.Parse(File.ReadAllText(setup.ConfigPath))
                .Where(s => s.Kind == "backend")
                .SelectMany(s => s.LinesStartingWith("server ").Select(line => (Key: $"{s.Name}/{line.Split(' ')[1]}", Match: NodeOrdinal().Match(line))))
                .ToDictionary(x => x.Key, x => (Node: int.Parse(x.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Port: x.Match.Groups[2].Value));

            var expected = HaproxySetup.ServerStateRows(setup.StateText).Select(r => r[1]).Order(StringComparer.Ordinal);
            Assert.Equal(expected, rows.Select(r => r[1]).Order(StringComparer.Ordinal));
            Assert.All(rows, r =>
            {
                Assert.True(r[5] == "0", $"{r[1]}/{r[3]} has op_state {r[5]}, not 0 (DOWN)\n{haproxy.Output}");
                // The state file's placeholder address must not replace the configured one, nor its port.
                var (node, port) = configured[$"{r[1]}/{r[3]}"];
                Assert.Equal(nodes[node].ToString(), r[4]);
                Assert.Equal(port, r[18]);
            });
        }
        finally
        {
            silentSentinels.ForEach(l => l.Stop());
        }
    }
    [Theory]
    [InlineData(null, null, null)] // the defaults: requests 50m, no limit
    [InlineData("1500m", null, null)]
    [InlineData("250m", "2", 2)]
    [InlineData("100m", "500m", 1)]
    [InlineData("1", "1500m", 2)]
    public void Haproxy_runs_as_many_threads_as_its_cpu_limit_has_cores_and_one_per_cpu_without_a_limit(string? requestCpu, string? limitCpu, int? threads)
    {
        // Without nbthread HAProxy starts one thread per CPU it may run on, whatever quota the container has.
        var expected = threads ?? CpusThisProcessMayRunOn();
        var defaults = new ResourcesOptions().Haproxy;
        var spec = OptionsValidator.Validate(new RedisHaOptions
        {
            Resources = new ResourcesOptions { Haproxy = defaults with { RequestCpu = requestCpu ?? defaults.RequestCpu, LimitCpu = limitCpu } },
        });
        var addresses = LoopbackAddress.RandomBlock(1, 2, 3, 4);
        using var setup = new HaproxySetup(spec, addresses[0], addresses.Skip(1).ToList(), "secret");
        using var haproxy = setup.Start();
        setup.ServersStateWhenReady(haproxy);

        var info = setup.Command("show info").Split('\n');

        Assert.Contains($"Nbthread: {expected}", info);
    }

    /// <summary>What HAProxy counts when left alone: the CPUs of its affinity mask, as nproc does.</summary>
    private static int CpusThisProcessMayRunOn() => int.Parse(ExternalTool.Run("nproc", []).Stdout.Trim());
}
