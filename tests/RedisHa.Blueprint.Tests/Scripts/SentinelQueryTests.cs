using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// common.sh's questions to the sentinels, under the shell options of the scripts that ask them:
/// init.sh runs with set -e, where one silent sentinel must not end the count.
/// </summary>
public class SentinelQueryTests
{
    /// <summary>
    /// A redis-cli on PATH that plays the sentinels: the one on 10.0.0.1 is down (its node is
    /// restarting), the others name 10.0.0.2.
    /// </summary>
    private static ToolResult Run(string shell, string options, string snippet)
    {
        using var bin = new TempDirectory();
        var fake = bin.Write("redis-cli", """
            #!/bin/sh
            while [ $# -gt 0 ]; do [ "$1" = -h ] && host=$2; shift; done
            if [ "$host" = 10.0.0.1 ]; then echo "Could not connect to Redis at $host:26379: Connection refused" >&2; exit 1; fi
            printf '10.0.0.2\n6379\n'
            """);
        Assert.Equal(0, ExternalTool.Run("chmod", ["+x", fake]).ExitCode);
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            [Env.ScriptsDir] = RepoRoot.ScriptsDir,
            [Env.Nodes] = "10.0.0.1 10.0.0.2 10.0.0.3",
            [Env.Quorum] = "2",
            [Env.Tls] = null,
        };
        var script = $"set {options}\n. \"$REDIS_HA_SCRIPTS_DIR/common.sh\"\n{snippet}\n";
        return shell == "busybox"
            ? ExternalTool.Run("busybox", ["sh", "-c", script], environment: environment)
            : ExternalTool.Run("sh", ["-c", script], environment: environment);
    }

    [Theory]
    [InlineData("sh", "-eu")]
    [InlineData("sh", "-u")]
    [InlineData("busybox", "-eu")]
    [InlineData("busybox", "-u")]
    public void A_sentinel_that_does_not_answer_is_skipped_and_the_others_are_counted(string shell, string options)
    {
        var result = Run(shell, options, "resolve_nodes 1 || exit 9\nmost_named_master; quorum_master");

        Assert.Equal(["10.0.0.2 2", "10.0.0.2"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_sentinels_view_names_the_master_and_says_when_it_takes_it_for_down(string shell)
    {
        // A real sentinel watching a master that does not answer: at first only "master", then,
        // after down-after, "s_down", the flag on which the pre-stop hook stops asking for a failover.
        using var dir = new TempDirectory();
        var block = LoopbackAddress.RandomBlock(1, 2);
        var (sentinelAddress, masterAddress) = (block[0], block[1]);
        var port = LoopbackAddress.FreePort(sentinelAddress);
        var conf = dir.Write("sentinel.conf", $"port {port}\nbind {sentinelAddress}\ndir {dir.Path}\n" +
            $"sentinel monitor mymaster {masterAddress} 6379 1\nsentinel down-after-milliseconds mymaster 1000\n");
        using var sentinel = BackgroundProcess.Start("redis-sentinel", [conf], dir.Path);
        RespConnection.OpenWhenListening(sentinelAddress, port, sentinel).Dispose();
        var environment = ScriptShell.Environment(new Dictionary<string, string?>
        {
            [Env.SentinelPort] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Env.MasterName] = "mymaster",
        });
        string View() => ScriptShell.Snippet(shell, $"sentinel_view_of {sentinelAddress}", environment).Stdout.Trim();

        var first = View();
        Assert.StartsWith($"{masterAddress} ", first, StringComparison.Ordinal);
        Assert.DoesNotContain("s_down", first, StringComparison.Ordinal);
        var seen = "";
        Poll.Until(() => (seen = View()).Split(' ') is [var ip, var flags] && ip == masterAddress.ToString() && flags.Split(',').Contains("s_down"),
            TimeSpan.FromSeconds(10), () => seen);
        Assert.Equal("", ScriptShell.Snippet(shell, $"sentinel_view_of {masterAddress}", environment).Stdout.Trim());
    }
}
