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
}
