using System.Net;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>The read endpoint's frontend and backend in haproxy.cfg, and its servers' initial state.</summary>
public class HaproxyReadEndpointTests
{
    // Columns of HAProxy's server-state format version 1.
    private const int BackendName = 1, ServerName = 3, OpState = 5, CheckHealth = 12;

    private static RedisHaSpec Spec(bool read = true, int replicas = 3, bool auth = true) => OptionsValidator.Validate(new RedisHaOptions
    {
        Replicas = replicas,
        Auth = auth,
        ReadEndpoint = new ReadEndpointOptions { Enabled = read },
    });

    private static IReadOnlyList<HaproxySection> Sections(RedisHaSpec spec) => HaproxySection.Parse(HaproxyConfig.Render(spec));

    private static HaproxySection Backend(RedisHaSpec spec) =>
        Sections(spec).Single(s => s.Kind == "backend" && s.Name == HaproxyReadEndpoint.BackendName);

    [Fact]
    public void Absent_unless_enabled()
    {
        var spec = Spec(read: false);

        Assert.DoesNotContain(Sections(spec), s => s.Name is HaproxyReadEndpoint.FrontendName or HaproxyReadEndpoint.BackendName);
        Assert.DoesNotContain(HaproxyReadEndpoint.BackendName, HaproxyServerState.Render(spec));
        Assert.DoesNotContain($":{RedisHaSpec.ReadEndpointPort}", HaproxyConfig.Render(spec));
    }

    [Fact]
    public void A_second_frontend_on_6380_that_refuses_connections_when_nothing_can_serve_them()
    {
        var frontend = Sections(Spec()).Single(s => s.Kind == "frontend" && s.Name == HaproxyReadEndpoint.FrontendName);

        Assert.Equal("bind \"${REDIS_HA_PROXY_BIND}:6380\"", frontend.Lines[0]);
        Assert.Equal("acl replicas_up nbsrv(replicas) ge 1", frontend.Lines[1]);
        // Refused unless a replica is in sync or a master is approved; the rest of the rule is the write endpoint's.
        Assert.StartsWith("tcp-request connection reject unless replicas_up || node_0_approved node_0_master || ",
            Assert.Single(frontend.LinesStartingWith("tcp-request connection reject unless ")));
        Assert.Equal($"default_backend {HaproxyConfig.NoMasterBackend}", frontend.Lines[^1]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_node_is_a_server_that_must_be_a_replica_with_a_live_link_to_its_master(int replicas)
    {
        var backend = Backend(Spec(replicas: replicas));

        Assert.Contains("balance leastconn", backend.Lines);
        Assert.Contains("option redispatch 1", backend.Lines);
        var checks = backend.LinesStartingWith("tcp-check ").Where(l => !l.StartsWith("tcp-check comment", StringComparison.Ordinal)).ToList();
        Assert.Equal("tcp-check connect", checks[0]);
        Assert.StartsWith("tcp-check send \"*2\\r\\n\\x244\\r\\nAUTH\\r\\n", checks[1]);
        // INFO replication, then QUIT: a node that is not such a replica fails the check at once.
        Assert.EndsWith("\\x24" + "4\\r\\nINFO\\r\\n\\x2411\\r\\nreplication\\r\\n*1\\r\\n\\x244\\r\\nQUIT\\r\\n\"", checks[1]);
        Assert.Equal(["tcp-check expect string \"role:slave\"", "tcp-check expect string \"master_link_status:up\""], checks[2..]);
        // A replica that stops being one (promoted, link lost) loses its sessions at once.
        Assert.Equal(Enumerable.Range(0, replicas).Select(n => $"server replica_{n} \"${{REDIS_HA_NODE_{n}_IP}}:6379\" on-marked-down shutdown-sessions"),
            backend.LinesStartingWith("server "));
    }

    [Fact]
    public void Without_auth_the_check_sends_no_AUTH()
    {
        var send = Backend(Spec(auth: false)).LinesStartingWith("tcp-check send ").Single();

        Assert.DoesNotContain("AUTH", send);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void With_no_replica_in_sync_reads_fall_back_to_the_master_exactly_while_the_write_endpoint_approves_it(int replicas)
    {
        var spec = Spec(replicas: replicas);
        var sections = HaproxySection.Parse(HaproxyConfig.Render(spec));
        var read = Assert.Single(sections, s => s.Kind == "frontend" && s.Name == HaproxyReadEndpoint.FrontendName);
        var write = Assert.Single(sections, s => s.Kind == "frontend" && s.Name == HaproxyConfig.FrontendName);

        // Replicas first; then the write endpoint's own rules, to the same node backends.
        var readRoutes = read.LinesStartingWith("use_backend ").ToList();
        Assert.Equal($"use_backend {HaproxyReadEndpoint.BackendName} if {HaproxyReadEndpoint.BackendName}_up", readRoutes[0]);
        Assert.Equal(write.LinesStartingWith("use_backend "), readRoutes.Skip(1));
        Assert.Equal(write.LinesStartingWith("acl "), read.LinesStartingWith("acl ").Skip(1));
        Assert.Equal(
            Assert.Single(write.LinesStartingWith("tcp-request connection reject unless ")).Replace("unless ", $"unless {HaproxyReadEndpoint.BackendName}_up || ", StringComparison.Ordinal),
            Assert.Single(read.LinesStartingWith("tcp-request connection reject unless ")));
        Assert.DoesNotContain(" backup", HaproxyConfig.Render(spec));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_replica_server_starts_DOWN(int replicas)
    {
        var spec = Spec(replicas: replicas);
        var rows = HaproxySetup.ServerStateRows(HaproxyServerState.Render(spec));

        var readRows = rows.Where(r => r[BackendName] == HaproxyReadEndpoint.BackendName).ToList();
        Assert.Equal(Enumerable.Range(0, replicas).Select(HaproxyReadEndpoint.ReplicaServer), readRows.Select(r => r[ServerName]));
        Assert.All(readRows, r => Assert.Equal(("0", "0"), (r[OpState], r[CheckHealth])));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(5, false)]
    public void Haproxy_accepts_it_and_starts_every_read_server_down(int replicas, bool auth)
    {
        var spec = Spec(replicas: replicas, auth: auth);
        var nodes = LoopbackAddress.RandomBlock([.. Enumerable.Range(2, replicas)]);
        using var setup = new HaproxySetup(spec, LoopbackAddress.RandomAddress(), nodes, auth ? "p'a\"s s$&/\\#%é€" : null);

        var check = setup.Check();
        Assert.True(check.ExitCode == 0, check.ToString());

        using var haproxy = setup.Start();
        var state = setup.ServersStateWhenReady(haproxy);
        var read = state.Where(r => r[1] == HaproxyReadEndpoint.BackendName).ToList();
        Assert.Equal(replicas, read.Count);
        // "show servers state" column 5 is srv_op_state: 0 = stopped. No node runs, so nothing may be up.
        Assert.All(read, r => Assert.Equal("0", r[5]));
    }
}
