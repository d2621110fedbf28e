using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

public class HaproxyServerStateTests
{
    // Columns of HAProxy's server-state format version 1.
    private const int BackendName = 1, ServerName = 3, OpState = 5, AdminState = 6, CheckHealth = 12, Port = 18;

    private static RedisHaSpec Spec(int replicas) => OptionsValidator.Validate(new RedisHaOptions { Replicas = replicas });

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Has_a_line_for_every_backend_server_of_the_config_that_keeps_it_from_counting_until_it_is_known(int replicas)
    {
        var spec = Spec(replicas);
        // backend/server → port, from each server line's "address:port".
        var servers = HaproxySection.Parse(HaproxyConfig.Render(spec))
            .Where(s => s.Kind == "backend")
            .SelectMany(b => b.LinesStartingWith("server ").Select(l => (Key: $"{b.Name}/{l.Split(' ')[1]}", Port: l.Split(' ')[2].Trim('"').Split(':')[^1])))
            .ToDictionary(x => x.Key, x => x.Port);

        var rows = HaproxySetup.ServerStateRows(HaproxyServerState.Render(spec));

        Assert.Equal(servers.Keys.Order(StringComparer.Ordinal), rows.Select(r => $"{r[BackendName]}/{r[ServerName]}").Order(StringComparer.Ordinal));
        // HAProxy applies the file's port to the server: a wrong one would send a node's checks to another port.
        Assert.All(rows, r => Assert.Equal(servers[$"{r[BackendName]}/{r[ServerName]}"], r[Port]));
        Assert.All(rows, r => Assert.Equal("0", r[OpState])); // stopped
        var (approvals, checkedServers) = (rows.Where(IsApproval).ToList(), rows.Where(r => !IsApproval(r)).ToList());
        Assert.Equal(replicas * replicas, approvals.Count);
        Assert.All(checkedServers, r =>
        {
            Assert.Equal("0", r[AdminState]);   // not in maintenance: checks may bring it up
            Assert.Equal("0", r[CheckHealth]);  // needs 'rise' passing checks
        });
        // An approval server has no check: it stays in maintenance until sentinel-approvals.lua
        // hears its sentinel name the node.
        Assert.All(approvals, r => Assert.Equal("1", r[AdminState]));
    }

    private static bool IsApproval(string[] row) => row[BackendName].StartsWith(HaproxyBackends.Approval(0)[..^1], StringComparison.Ordinal);

    [Fact]
    public void Starts_with_the_format_version_and_a_header_naming_every_column()
    {
        var lines = HaproxyServerState.Render(Spec(3)).Split('\n');

        Assert.Equal("1", lines[0]);
        var columns = lines[1].TrimStart('#', ' ').Split(' ');
        Assert.Equal("be_name", columns[BackendName]);
        Assert.Equal("srv_name", columns[ServerName]);
        Assert.Equal("srv_op_state", columns[OpState]);
        Assert.Equal("srv_admin_state", columns[AdminState]);
        Assert.Equal("srv_check_health", columns[CheckHealth]);
        Assert.All(HaproxySetup.ServerStateRows(string.Join('\n', lines)), row => Assert.Equal(columns.Length, row.Length));
    }
}
