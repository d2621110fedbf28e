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

    private static HaproxySection Backend(RedisHaSpec spec, string name) => Assert.Single(Sections(spec), s => s.Kind == "backend" && s.Name == name);

    private static IReadOnlyList<string> ExpectTexts(HaproxySection backend) =>
        backend.LinesStartingWith("tcp-check expect ").Select(l =>
        {
            var match = ExpectLine().Match(l);
            Assert.True(match.Success, $"{backend.Name}: unreadable expect '{l}'");
            return match.Groups["text"].Value;
        }).ToList();

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_node_has_a_backend_whose_one_server_is_that_node_checked_for_role_master(int replicas)
    {
        var spec = Spec(replicas);
        for (var node = 0; node < replicas; node++)
        {
            var backend = Backend(spec, HaproxyBackends.Node(node));

            var server = Assert.Single(backend.LinesStartingWith("server "));
            // The only servers that carry sessions cut them when their check fails.
            Assert.Equal($"server {HaproxyBackends.RedisServer} \"{NodeIp(node)}:{RedisHaSpec.RedisPort}\" on-marked-down shutdown-sessions", server);
            Assert.Equal("tcp-check connect", Assert.Single(backend.LinesStartingWith("tcp-check connect")));
            Assert.Contains("INFO", Assert.Single(backend.LinesStartingWith("tcp-check send ")));
            Assert.Equal("role:master", ExpectTexts(backend)[0]);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_node_has_an_approval_backend_with_one_unchecked_server_per_sentinel(int replicas)
    {
        var spec = Spec(replicas);
        for (var node = 0; node < replicas; node++)
        {
            var backend = Backend(spec, HaproxyBackends.Approval(node));

            var servers = backend.LinesStartingWith("server ").ToList();
            // No health check: sentinel-approvals.lua makes each ready or puts it in maintenance.
            Assert.Equal(Enumerable.Range(0, replicas).Select(s => $"server {HaproxyBackends.Sentinel(s)} \"{NodeIp(s)}:{RedisHaSpec.SentinelPort}\" no-check"), servers);
            Assert.Empty(backend.LinesStartingWith("tcp-check"));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_sentinel_and_each_nodes_Redis_is_reached_through_a_listener_on_a_unix_socket_in_the_run_folder(int replicas)
    {
        var spec = Spec(replicas);
        for (var node = 0; node < replicas; node++)
        {
            var sentinelLink = Assert.Single(Sections(spec), s => s.Kind == "listen" && s.Name == HaproxyConfig.SentinelLink(node));
            var nodeLink = Assert.Single(Sections(spec), s => s.Kind == "listen" && s.Name == HaproxyConfig.NodeLink(node));

            Assert.Equal($"bind \"unix@${{{Env.HaproxyRunDir}}}/{HaproxyConfig.SentinelLinkSocket(node)}\"", Assert.Single(sentinelLink.LinesStartingWith("bind ")));
            Assert.Equal($"bind \"unix@${{{Env.HaproxyRunDir}}}/{HaproxyConfig.NodeLinkSocket(node)}\"", Assert.Single(nodeLink.LinesStartingWith("bind ")));
            // Their servers take the defaults' source address and TLS options, but no health check.
            Assert.Equal($"server sentinel \"{NodeIp(node)}:{RedisHaSpec.SentinelPort}\" no-check", Assert.Single(sentinelLink.LinesStartingWith("server ")));
            Assert.Equal($"server {HaproxyBackends.RedisServer} \"{NodeIp(node)}:{RedisHaSpec.RedisPort}\" no-check", Assert.Single(nodeLink.LinesStartingWith("server ")));
        }
        Assert.Equal(2 * replicas, Sections(spec).Count(s => s.Kind == "listen"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void The_frontend_routes_to_a_node_only_while_it_is_master_and_a_quorum_of_sentinels_name_it(int replicas)
    {
        var spec = Spec(replicas);
        var frontend = Assert.Single(Sections(spec), s => s.Kind == "frontend" && s.Name == HaproxyConfig.FrontendName);

        var acls = frontend.LinesStartingWith("acl ").ToList();
        var routes = frontend.LinesStartingWith("use_backend ").ToList();
        Assert.Equal(replicas, routes.Count);
        for (var node = 0; node < replicas; node++)
        {
            Assert.Contains($"acl node_{node}_approved nbsrv({HaproxyBackends.Approval(node)}) ge {spec.Quorum}", acls);
            Assert.Contains($"acl node_{node}_master nbsrv({HaproxyBackends.Node(node)}) ge 1", acls);
            Assert.Contains($"use_backend {HaproxyBackends.Node(node)} if node_{node}_approved node_{node}_master", routes);
        }
        var reject = Assert.Single(frontend.LinesStartingWith("tcp-request connection reject unless "));
        Assert.Equal(Enumerable.Range(0, replicas).Select(n => $"node_{n}_approved node_{n}_master"),
            reject["tcp-request connection reject unless ".Length..].Split(" || "));
        Assert.Contains($"default_backend {HaproxyConfig.NoMasterBackend}", frontend.Lines);
        Assert.Empty(Backend(spec, HaproxyConfig.NoMasterBackend).LinesStartingWith("server "));
    }

    [Fact]
    public void The_approvals_script_is_shipped_and_loaded_with_what_it_needs_to_know()
    {
        var spec = OptionsValidator.Validate(new RedisHaOptions { Replicas = 5, MasterName = "cache-1", FailoverProfile = "fast" });
        var files = new ConfigFiles(spec);
        var global = Assert.Single(Sections(spec), s => s.Kind == "global");

        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.Quorum} {spec.Quorum}", global.Lines);
        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.NodeCount} 5", global.Lines);
        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.MasterName} cache-1", global.Lines);
        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.PollMs} {spec.Timings.HaproxyCheckIntervalMilliseconds}", global.Lines);
        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.TimeoutMs} 1000", global.Lines);
        Assert.Contains($"setenv {HaproxyConfig.ApprovalsScriptVariables.MinGoodReplicas} {spec.Options.MinReplicasToWrite}", global.Lines);
        Assert.Contains($"lua-load \"${{{Env.HaproxyConfigDir}}}/{HaproxyConfig.ApprovalsScriptName}\"", global.Lines);
        var script = files.HaproxyFiles[HaproxyConfig.ApprovalsScriptName];
        // The script reads what haproxy.cfg and haproxy.sh give it by these names...
        foreach (var variable in new[] { HaproxyConfig.ApprovalsScriptVariables.Quorum, HaproxyConfig.ApprovalsScriptVariables.NodeCount,
                     HaproxyConfig.ApprovalsScriptVariables.PollMs, HaproxyConfig.ApprovalsScriptVariables.TimeoutMs, HaproxyConfig.ApprovalsScriptVariables.MinGoodReplicas,
                     HaproxyConfig.ApprovalsScriptVariables.MasterName, Env.HaproxyRunDir, Env.Password, Env.PreviousPassword })
            Assert.Contains($"\"{variable}\"", script);
        Assert.Contains($"\"{Env.NodeIp(7)[..^"7_IP".Length]}\" .. node .. \"_IP\"", script);
        // ...and finds the backends, servers and links by the names haproxy.cfg gives them.
        Assert.Contains($"\"{HaproxyBackends.Approval(7)[..^1]}\" .. node", script);
        Assert.Contains($"\"{HaproxyBackends.Node(7)[..^1]}\" .. node", script);
        Assert.Contains($"\"{HaproxyBackends.Sentinel(7)[..^1]}\" .. sentinel", script);
        Assert.Contains($"\"{HaproxyConfig.SentinelLinkSocket(7)[..^"7.sock".Length]}\" .. sentinel .. \".sock\"", script);
        Assert.Contains($"\"{HaproxyConfig.NodeLinkSocket(7)[..^"7.sock".Length]}\" .. node .. \".sock\"", script);
        Assert.Contains($"servers[\"{HaproxyBackends.RedisServer}\"]", script);
    }

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
        var spec = Spec(auth: auth);
        IReadOnlyList<IReadOnlyList<string>> Sent(string backend) => HaproxyString.RespCommands(HaproxyString.Unquote(
            Assert.Single(Backend(spec, backend).LinesStartingWith("tcp-check send "))["tcp-check send ".Length..], env));

        // Redis closes after QUIT, which ends the check's answer. (The sentinels are asked by
        // sentinel-approvals.lua, which HaproxyRoutingTests runs with this password.)
        IReadOnlyList<string>[] expected = [.. (auth ? (IReadOnlyList<string>[])[["AUTH", password]] : []), ["INFO", "replication"], ["QUIT"]];
        Assert.Equal(expected, Sent(HaproxyBackends.Node(0)));
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
        Assert.EndsWith(" fall 1 rise 1", server);
        // Only the servers that carry sessions cut them (see the node backends): an approval
        // server going down cuts nothing by itself.
        Assert.DoesNotContain("shutdown-sessions", server);
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

    [GeneratedRegex(@"^tcp-check expect (?:min-recv \d+ )?(?:on-error ""[^""]*"" )?r?string ""(?<text>.*)""$")]
    private static partial Regex ExpectLine();
}
