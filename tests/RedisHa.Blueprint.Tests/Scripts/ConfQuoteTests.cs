using System.Text;
using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// conf_quote writes the password into redis.conf and sentinel.conf. It must survive Redis' own
/// config parser byte for byte, under dash and under busybox (whose od, tr and sed alpine uses).
/// </summary>
public sealed class ConfQuoteTests : IDisposable
{
    private const string AwkwardPassword = "p'a\"s s$&/\\#%é€";
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Shells => new("dash", "busybox");

    /// <summary>Runs conf_quote from common.sh; with busybox, its applets stand in for every tool, as on alpine.</summary>
    private string ConfQuote(string shell, string value)
    {
        var env = new Dictionary<string, string?> { ["REDIS_HA_SCRIPTS_DIR"] = RepoRoot.ScriptsDir };
        string[] args = ["-c", "set -eu; . \"$REDIS_HA_SCRIPTS_DIR/common.sh\"; conf_quote \"$1\"", "sh", value];
        ToolResult result;
        if (shell == "busybox")
        {
            var applets = Directory.CreateDirectory(_dir.File("busybox-bin")).FullName;
            foreach (var applet in new[] { "od", "tr", "sed", "printf", "cat", "awk", "date" })
            {
                var link = Path.Combine(applets, applet);
                if (!File.Exists(link)) File.CreateSymbolicLink(link, ExternalTool.Find("busybox"));
            }
            env["PATH"] = applets + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            result = ExternalTool.Run("busybox", ["sh", .. args], environment: env);
        }
        else
        {
            result = ExternalTool.Run("sh", args, environment: env);
        }
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
        Assert.EndsWith("\n", result.Stdout);
        return result.Stdout.TrimEnd('\n');
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Quotes_every_byte_as_a_hex_escape(string shell)
    {
        var quoted = ConfQuote(shell, AwkwardPassword);

        var expected = "\"" + string.Concat(Encoding.UTF8.GetBytes(AwkwardPassword).Select(b => $"\\x{b:x2}")) + "\"";
        Assert.Equal(expected, quoted);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void A_long_password_stays_on_one_line(string shell)
    {
        var password = string.Concat(Enumerable.Repeat("0123456789abcdef", 32));

        var quoted = ConfQuote(shell, password);

        Assert.DoesNotContain('\n', quoted);
        Assert.Equal(2 + 4 * password.Length, quoted.Length);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void A_real_redis_server_accepts_it_as_requirepass(string shell)
    {
        var address = LoopbackAddress.RandomAddress();
        var port = LoopbackAddress.FreePort(address);
        var conf = _dir.Write("redis.conf", $"""
            bind {address}
            port {port}
            dir {_dir.Path}
            save ""
            appendonly no
            requirepass {ConfQuote(shell, AwkwardPassword)}

            """);

        using var server = BackgroundProcess.Start("redis-server", [conf]);
        using var unauthenticated = RespConnection.OpenWhenListening(address, port, server);
        Assert.StartsWith("-NOAUTH", unauthenticated.Call("PING"));

        using var wrong = RespConnection.Open(address, port);
        Assert.StartsWith("-WRONGPASS", wrong.Call("AUTH", AwkwardPassword[..^1]));

        using var redis = RespConnection.Open(address, port);
        Assert.Equal("OK", redis.Call("AUTH", AwkwardPassword));
        Assert.Equal("PONG", redis.Call("PING"));
        Assert.Equal($"requirepass\n{AwkwardPassword}", redis.Call("CONFIG", "GET", "requirepass"));
    }

    public void Dispose() => _dir.Dispose();
}
