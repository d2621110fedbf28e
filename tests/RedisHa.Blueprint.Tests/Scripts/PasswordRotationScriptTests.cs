using System.Net;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// common.sh during a password rotation's overlap, against real redis-server processes: one not
/// restarted yet (only the old password), one restarted after the second update (only the new).
/// </summary>
public sealed class PasswordRotationScriptTests : IDisposable
{
    private const string Old = "old pass'word $1";
    private const string New = "new \"pass\" word \\ #";

    private readonly List<IDisposable> _owned = [];
    private readonly IReadOnlyList<IPAddress> _nodes = LoopbackAddress.RandomBlock(1, 2);

    public PasswordRotationScriptTests()
    {
        StartRedis(_nodes[0], $"requirepass {Quoted(Old)}");
        StartRedis(_nodes[1], $"requirepass {Quoted(New)}");
    }

    private void StartRedis(IPAddress address, string auth)
    {
        var dir = new TempDirectory();
        _owned.Add(dir);
        var conf = dir.Write("redis.conf", $"port {RedisHaSpec.RedisPort}\nbind {address}\nsave \"\"\ndir {dir.Path}\n{auth}\n");
        var redis = BackgroundProcess.Start("redis-server", [conf]);
        _owned.Add(redis);
        RespConnection.OpenWhenListening(address, RedisHaSpec.RedisPort, redis).Dispose();
    }

    private static string Quoted(string value) => "\"" + string.Concat(System.Text.Encoding.UTF8.GetBytes(value).Select(b => $"\\x{b:x2}")) + "\"";

    private ToolResult Run(string shell, string snippet, string? previous = Old, string nodes = "") =>
        ScriptShell.Snippet(shell, snippet, ScriptShell.Environment(new Dictionary<string, string?>
        {
            [Env.Password] = New,
            [Env.PreviousPassword] = previous,
            [Env.Nodes] = nodes.Length > 0 ? nodes : string.Join(' ', _nodes),
        }));

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_node_that_knows_only_the_previous_password_is_asked_again_with_it(string shell)
    {
        var result = Run(shell, $"redis_at {_nodes[0]} PING; redis_at {_nodes[1]} PING");

        Assert.Equal(["PONG", "PONG"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Without_a_previous_password_nothing_falls_back(string shell)
    {
        var result = Run(shell, $"redis_at {_nodes[0]} PING", previous: null);

        Assert.StartsWith("NOAUTH", result.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_node_presents_the_previous_password_while_any_node_refuses_the_new_one_and_the_new_one_after(string shell)
    {
        // Node 0 knows only the old password (the first update has not restarted it yet).
        var first = Run(shell, "resolve_nodes 1 && internal_password 6379");
        Assert.Equal(Old, first.Stdout.TrimEnd('\n'));

        // Only node 1 left (all others accept the new one): the new password. A node that does not
        // answer refuses nothing.
        var second = Run(shell, "resolve_nodes 1 && internal_password 6379", nodes: $"{_nodes[1]} 127.0.0.1");
        Assert.Equal(New, second.Stdout.TrimEnd('\n'));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void The_rotation_user_line_makes_redis_accept_both_passwords_and_no_other(string shell)
    {
        var line = Run(shell, "rotation_user").Stdout.Trim();
        Assert.DoesNotContain(Old, line);
        Assert.DoesNotContain(New, line);
        var address = LoopbackAddress.RandomAddress();
        StartRedis(address, line);

        foreach (var (password, expected) in new[] { (Old, "PONG"), (New, "PONG"), ("neither", "NOAUTH") })
        {
            var result = ExternalTool.Run("redis-cli", ["--no-auth-warning", "-h", address.ToString(), "PING"],
                environment: new Dictionary<string, string?> { [Env.Password] = password });
            Assert.StartsWith(expected, result.Stdout.Trim());
        }
    }

    public void Dispose()
    {
        foreach (var resource in Enumerable.Reverse(_owned)) resource.Dispose();
    }
}
