using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// now_ms on a node that has been up for a long time: /proc/uptime is the node's, and past 2^31 ms
/// (24.8 days) a 32-bit printf would freeze the clock and no deadline would ever pass. The test
/// puts a file of its own over /proc/uptime, in a mount namespace private to the test's shell, so
/// the machine's own /proc/uptime is never touched.
/// </summary>
public class UptimeClockTests
{
    /// <summary>Uptimes the test steps through, and the milliseconds each one is.</summary>
    private static readonly (string Uptime, long Ms)[] Steps =
    [
        ("3000000.00", 3_000_000_000),  // 34.7 days, well past 2^31 ms
        ("3000000.05", 3_000_000_050),  // a leading zero, which arithmetic must not read as octal
        ("3000000.25", 3_000_000_250),
        ("3000000.74", 3_000_000_740),
        ("3000001.00", 3_000_001_000),
        ("86400000.5", 86_400_000_500), // 1,000 days, one decimal
        ("86400001", 86_400_001_000),   // no decimals
    ];

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Now_ms_counts_past_2_to_the_31_milliseconds_and_deadlines_elapse(string shell)
    {
        using var dir = new TempDirectory();
        var fake = dir.Write("uptime", "0.00 0.00\n");
        // A deadline 500 ms after the third step: not yet elapsed at the fourth, elapsed at the fifth.
        var snippet = $$"""
            set -eu
            mount --bind "$1" /proc/uptime
            . "$REDIS_HA_SCRIPTS_DIR/common.sh"
            step() { printf '%s 1.00\n' "$1" >"$2"; }
            {{string.Join('\n', Steps.Select(s => $"step {s.Uptime} \"$1\"; now_ms"))}}
            step 3000000.25 "$1"
            deadline_ms=$(($(now_ms) + 500))
            step 3000000.74 "$1"
            if call_limit >/dev/null; then echo "open $(call_limit)"; else echo elapsed; fi
            step 3000001.00 "$1"
            if call_limit >/dev/null; then echo "open $(call_limit)"; else echo elapsed; fi
            [ "$(now_ms)" -ge "$deadline_ms" ] && echo "deadline passed"
            """;

        var result = ExternalTool.Run("unshare", ["--mount", "--propagation", "private", .. ScriptShell.CommandLine(shell, "-c", snippet, "sh", fake)],
            environment: ScriptShell.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Steps.Select(s => s.Ms.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines[..Steps.Length]);
        var values = lines[..Steps.Length].Select(long.Parse).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(["open 0.010", "elapsed", "deadline passed"], lines[Steps.Length..]);
    }
}
