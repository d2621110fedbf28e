using System.Text;
using System.Text.RegularExpressions;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Files;

public partial class HaproxyConfigTests
{
    private static RedisHaSpec Spec(int replicas = 3, bool auth = true, string profile = "default") =>
        OptionsValidator.Validate(new RedisHaOptions { Replicas = replicas, Auth = auth, FailoverProfile = profile });

    private static IReadOnlyList<HaproxySection> Sections(RedisHaSpec spec) => HaproxySection.Parse(HaproxyConfig.Render(spec));

    private static string NodeIp(int ordinal) => $"${{{Env.NodeIp(ordinal)}}}";

    /// <summary>What a node backend checks: the sentinels it asks, the node they must name, the node that must be master, its servers.</summary>
    private sealed record NodeBackend(string Name, IReadOnlyList<int> Sentinels, IReadOnlyList<int> NamedNodes, int? MasterCheckedNode, IReadOnlyList<string> Servers);

    private static NodeBackend Describe(HaproxySection backend)
    {
        var sentinels = new List<int>();
        var named = new List<int>();
        int? master = null;
        var lines = backend.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var connect = ConnectLine().Match(lines[i]);
            if (!connect.Success) continue;
            var ordinal = int.Parse(connect.Groups["node"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var port = int.Parse(connect.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            // A check step is connect, send, then one or more expects.
            Assert.StartsWith("tcp-check send ", lines[i + 1]);
            var expects = lines.Skip(i + 2).TakeWhile(l => l.StartsWith("tcp-check expect ", StringComparison.Ordinal))
                .Select(l => ExpectLine().Match(l)).ToList();
            Assert.True(expects.Count > 0 && expects.All(e => e.Success), $"{backend.Name}: no readable expect after '{lines[i]}'");
            var texts = expects.Select(e => e.Groups["text"].Value).ToList();
            if (port == RedisHaSpec.SentinelPort)
            {
                Assert.Contains("get-master-addr-by-name", lines[i + 1]);
                sentinels.Add(ordinal);
                var namedMatch = texts.Select(t => Regex.Match(t, @"^\\r\\n\$\{REDIS_HA_NODE_(\d+)_IP\}\\r\\n$")).SingleOrDefault(m => m.Success);
                Assert.True(namedMatch is not null, $"{backend.Name}: sentinel reply must be matched between CRLFs, got {string.Join(" | ", texts)}");
                named.Add(int.Parse(namedMatch.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.Equal(RedisHaSpec.RedisPort, port);
                Assert.Contains("INFO", lines[i + 1]);
                Assert.Equal("role:master", texts[0]);
                master = ordinal;
            }
        }
        return new NodeBackend(backend.Name, sentinels, named, master, backend.LinesStartingWith("server ").ToList());
    }

    private static IEnumerable<int[]> Subsets(int n, int k) =>
        k == 0 ? [[]] : Enumerable.Range(0, n).SelectMany(first => Subsets(n, k - 1).Where(rest => rest.All(r => r > first)).Select(rest => (int[])[first, .. rest]));

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_node_has_a_backend_for_every_quorum_sized_set_of_sentinels(int replicas)
    {
        var spec = Spec(replicas);
        var backends = Sections(spec).Where(s => s.Kind == "backend" && s.Name != HaproxyConfig.NoMasterBackend).Select(Describe).ToList();

        var actual = backends.Select(b => $"{b.MasterCheckedNode}:{string.Join(',', b.Sentinels.Order())}").Order(StringComparer.Ordinal);
        var expected = Enumerable.Range(0, replicas)
            .SelectMany(node => Subsets(replicas, spec.Quorum).Select(set => $"{node}:{string.Join(',', set)}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_check_of_a_backend_is_about_the_same_node_and_its_one_server_is_that_node(int replicas)
    {
        foreach (var backend in Sections(Spec(replicas)).Where(s => s.Kind == "backend" && s.Name != HaproxyConfig.NoMasterBackend).Select(Describe))
        {
            Assert.NotNull(backend.MasterCheckedNode);
            var node = backend.MasterCheckedNode!.Value;
            Assert.All(backend.NamedNodes, named => Assert.Equal(node, named));
            var server = Assert.Single(backend.Servers);
            Assert.Matches($@"^server \S+ ""{Regex.Escape(NodeIp(node))}:{RedisHaSpec.RedisPort}""$", server);
            Assert.Equal(backend.Sentinels.Distinct().Count(), backend.Sentinels.Count);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void The_frontend_routes_only_to_an_approved_backend_and_rejects_otherwise(int replicas)
    {
        var sections = Sections(Spec(replicas));
        var backends = sections.Where(s => s.Kind == "backend" && s.Name != HaproxyConfig.NoMasterBackend).Select(s => s.Name).ToList();
        var frontend = Assert.Single(sections, s => s.Kind == "frontend" && s.Name == HaproxyConfig.FrontendName);

        // Each backend is used only while it has a server UP, i.e. while its whole check sequence passes.
        var routes = frontend.LinesStartingWith("use_backend ").ToList();
        Assert.Equal(backends.Select(b => $"use_backend {b} if {{ nbsrv({b}) ge 1 }}"), routes);
        Assert.Contains($"default_backend {HaproxyConfig.NoMasterBackend}", frontend.Lines);
        var noMaster = Assert.Single(sections, s => s.Kind == "backend" && s.Name == HaproxyConfig.NoMasterBackend);
        Assert.Empty(noMaster.LinesStartingWith("server "));

        // A connection is refused at once unless some backend is approved.
        var reject = Assert.Single(frontend.LinesStartingWith("tcp-request connection reject unless "));
        var acl = reject["tcp-request connection reject unless ".Length..];
        Assert.Equal(backends.Select(b => $"acl {acl} nbsrv({b}) ge 1"), frontend.LinesStartingWith($"acl {acl} "));
    }

    [Fact]
    public void The_sentinel_reply_is_matched_between_line_breaks_so_a_prefix_address_never_matches()
    {
        var backend = Sections(Spec()).First(s => s.Kind == "backend" && s.Name != HaproxyConfig.NoMasterBackend);
        var node = Describe(backend).MasterCheckedNode!.Value;
        var expectText = backend.LinesStartingWith("tcp-check expect ").Select(l => ExpectLine().Match(l).Groups["text"].Value)
            .First(t => t.Contains(Env.NodeIp(node), StringComparison.Ordinal));
        var expected = HaproxyString.Unquote($"\"{expectText}\"", new Dictionary<string, string> { [Env.NodeIp(node)] = "10.0.0.1" });

        static byte[] SentinelReply(string ip) => Encoding.ASCII.GetBytes($"+OK\r\n*2\r\n${ip.Length}\r\n{ip}\r\n$4\r\n6379\r\n+OK\r\n");
        Assert.True(Contains(SentinelReply("10.0.0.1"), expected));
        Assert.False(Contains(SentinelReply("10.0.0.12"), expected));
        Assert.False(Contains(SentinelReply("110.0.0.1"), expected));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Check_requests_are_exact_RESP_commands_even_for_an_awkward_password(bool auth)
    {
        const string password = "p'a\"s s$&/\\#%é€";
        var env = new Dictionary<string, string>
        {
            [Env.Password] = password,
            [Env.PasswordBytes] = Encoding.UTF8.GetByteCount(password).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < 3; i++) env[Env.NodeIp(i)] = $"10.0.0.{i + 1}";
        var backend = Sections(Spec(auth: auth)).First(s => s.Kind == "backend" && s.Name != HaproxyConfig.NoMasterBackend);
        var sends = backend.LinesStartingWith("tcp-check send ").Select(l => HaproxyString.RespCommands(HaproxyString.Unquote(l["tcp-check send ".Length..], env))).ToList();

        // Redis closes after QUIT; Sentinel knows no QUIT, so its answer ends with the reply to PING.
        IReadOnlyList<string>[] Expected(string last, params string[][] command) =>
            [.. (auth ? (IReadOnlyList<string>[])[["AUTH", password]] : []), .. command, [last]];
        Assert.Equal(Expected("PING", ["SENTINEL", "get-master-addr-by-name", "mymaster"]), sends[0]);
        Assert.Equal(Expected("QUIT", ["INFO", "replication"]), sends[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Writes_no_password_only_a_reference_to_the_environment(bool auth)
    {
        const string password = "Sup3r-Secret-Pw";
        var spec = OptionsValidator.Validate(new RedisHaOptions { Auth = auth, Password = auth ? password : null });
        var files = new ConfigFiles(spec);

        foreach (var (name, text) in files.ServerFiles.Concat(files.HaproxyFiles))
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"{name} contains the password");
        Assert.Equal(auth, files.HaproxyCfg.Contains($"${{{Env.Password}}}", StringComparison.Ordinal));
        Assert.Equal(auth, files.HaproxyCfg.Contains("AUTH", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("default", 500, 1000)]
    [InlineData("fast", 250, 1000)]
    public void Checks_run_at_the_profiles_interval_and_servers_go_down_at_the_first_failure(string profile, int inter, int timeout)
    {
        var defaults = Assert.Single(Sections(Spec(profile: profile)), s => s.Kind == "defaults");

        Assert.Contains($"timeout check {timeout}ms", defaults.Lines);
        var server = Assert.Single(defaults.LinesStartingWith("default-server "));
        Assert.Contains($" inter {inter}ms ", server);
        Assert.Contains(" fall 1 rise 1 ", server);
        Assert.EndsWith(" on-marked-down shutdown-sessions", server);
        Assert.Contains("load-server-state-from-file global", defaults.Lines);
    }

    [Fact]
    public void A_master_gets_traffic_only_with_enough_good_replicas_when_min_replicas_to_write_is_set()
    {
        var gated = HaproxyConfig.Render(OptionsValidator.Validate(new RedisHaOptions { MinReplicasToWrite = 2 }));
        var ungated = HaproxyConfig.Render(OptionsValidator.Validate(new RedisHaOptions { MinReplicasToWrite = 0 }));

        Assert.Contains("rstring \"min_slaves_good_slaves:([2-9]|[1-9][0-9])\"", gated);
        Assert.DoesNotContain("min_slaves_good_slaves", ungated);
    }

    [GeneratedRegex(@"^tcp-check connect addr ""\$\{REDIS_HA_NODE_(?<node>\d+)_IP\}"" port (?<port>\d+)$")]
    private static partial Regex ConnectLine();

    [GeneratedRegex(@"^tcp-check expect (?:min-recv \d+ )?(?:on-error ""[^""]*"" )?r?string ""(?<text>.*)""$")]
    private static partial Regex ExpectLine();
}
