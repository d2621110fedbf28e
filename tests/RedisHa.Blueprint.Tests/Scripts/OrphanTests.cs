using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// A pod's probes and hooks run under the container's PID 1, redis-server after exec, which never
/// reaps a child it did not start: any process a script leaves behind becomes a zombie for good.
/// The test gives the scripts such a PID 1 (a sleep, in a PID namespace of their own) and busybox
/// applets first on PATH, as in the alpine images, then counts the zombies after a second, the
/// time busybox timeout's watchdog takes to notice its command is gone.
/// </summary>
public class OrphanTests
{
    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Calls_that_answer_and_calls_that_time_out_leave_no_process_behind(string shell)
    {
        using var bin = new TempDirectory();
        var busybox = ExternalTool.Find("busybox");
        foreach (var applet in new[] { "timeout", "sleep", "awk", "tr", "kill" })
            File.CreateSymbolicLink(bin.File(applet), busybox);
        bin.Write("redis-cli", "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = SLOW ] && exec sleep 10; done\necho PONG\n");
        Assert.Equal(0, ExternalTool.Run("chmod", ["+x", bin.File("redis-cli")]).ExitCode);
        var snippet = $$"""
            . "$REDIS_HA_SCRIPTS_DIR/common.sh"
            redis_at 127.0.0.1 PING
            sentinel_at 127.0.0.1 PING
            deadline_ms=$(($(now_ms) + 300))
            redis_at 127.0.0.1 SLOW || echo "timed out"
            sleep 1.5
            zombies=0
            for stat in /proc/[0-9]*/stat; do
                read -r _ _ state _ <"$stat" || continue
                [ "$state" = Z ] && zombies=$((zombies + 1))
            done
            echo "zombies $zombies"
            """;
        var inner = string.Join(' ', ScriptShell.CommandLine(shell, "-c", "\"$0\"").Select(a => a == "\"$0\"" ? a : $"'{a}'"));
        var env = ScriptShell.Environment(new Dictionary<string, string?> { ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}" });

        // PID 1 starts the snippet, then becomes a sleep that reaps nothing until the snippet is done.
        var result = ExternalTool.Run("unshare", ["--pid", "--fork", "--mount-proc", ExternalTool.Find("dash"), "-c", $"{inner} & exec sleep 8", snippet],
            environment: env, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(["PONG", "PONG", "timed out", "zombies 0"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
