using System.Diagnostics;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// How the scripts turn node names into addresses: once, at start, in the script's own shell, so a
/// name that does not resolve stops the script with its name instead of silently dropping it and
/// every node after it; and never again on the watcher's or the pre-stop hook's hot path.
/// A getent on PATH plays the cluster DNS and writes down every lookup; a redis-cli on PATH plays
/// sentinels that all name 10.0.0.2 and writes down every call.
/// </summary>
public sealed class NodeResolutionTests : IDisposable
{
    private const string Missing = "redis-ha-announce-1.redis.svc.cluster.local.";
    private static readonly string[] Names = ["redis-ha-announce-0.redis.svc.cluster.local.", Missing, "redis-ha-announce-2.redis.svc.cluster.local."];

    private readonly TempDirectory _bin = new();
    private readonly TempDirectory _node = new();

    public NodeResolutionTests()
    {
        _bin.Write("getent", """
            #!/bin/sh
            printf '%s\n' "$2" >>"$FAKE_LOG_DIR/getent"
            for entry in $FAKE_HOSTS; do
                if [ "${entry%%=*}" = "$2" ]; then printf '%s %s\n' "${entry#*=}" "$2"; exit 0; fi
            done
            exit 2
            """);
        _bin.Write("redis-cli", """
            #!/bin/sh
            printf '%s\n' "$*" >>"$FAKE_LOG_DIR/redis-cli"
            printf '10.0.0.2\n6379\n'
            """);
        Assert.Equal(0, ExternalTool.Run("chmod", ["+x", _bin.File("getent"), _bin.File("redis-cli")]).ExitCode);
    }

    private Dictionary<string, string?> Environment(string resolvable, string? extraPath = null)
    {
        var configDir = ScriptShell.WriteServerFiles(OptionsValidator.Validate(new RedisHaOptions()), _node.Path);
        return ScriptShell.Environment(new Dictionary<string, string?>
        {
            ["PATH"] = $"{extraPath}{(extraPath is null ? "" : ":")}{_bin.Path}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_LOG_DIR"] = _node.Path,
            ["FAKE_HOSTS"] = string.Join(' ', Names.Select((n, i) => (n, i)).Where(x => resolvable.Contains(x.n, StringComparison.Ordinal)).Select(x => $"{x.n}=10.0.0.{x.i + 1}")),
            [Env.Nodes] = string.Join(' ', Names),
            [Env.PodName] = "redis-ha-server-0",
            [Env.Quorum] = "2",
            [Env.ConfigDir] = configDir,
            [Env.DataDir] = _node.File("data"),
            [Env.RunDir] = _node.File("run"),
            [Env.WatcherIntervalMs] = "100",
            [Env.SentinelPingPeriodMs] = null,
        });
    }

    private string[] Lookups() => File.Exists(_node.File("getent")) ? File.ReadAllLines(_node.File("getent")) : [];

    private int CliCalls() => File.Exists(_node.File("redis-cli")) ? File.ReadAllLines(_node.File("redis-cli")).Length : 0;

    /// <summary>A sleep that returns at once for the lookups' 1 s retry pause, so 30 tries take no time.</summary>
    private string QuickRetries()
    {
        var dir = Directory.CreateDirectory(_node.File("quick")).FullName;
        var sleep = Path.Combine(dir, "sleep");
        File.WriteAllText(sleep, $"#!/bin/sh\n[ \"$1\" = 1 ] && exit 0\nexec {ExternalTool.Find("sleep")} \"$@\"\n");
        Assert.Equal(0, ExternalTool.Run("chmod", ["+x", sleep]).ExitCode);
        return dir;
    }

    [Theory]
    [InlineData("dash", "init.sh")]
    [InlineData("busybox", "init.sh")]
    [InlineData("dash", "watcher.sh")]
    [InlineData("busybox", "watcher.sh")]
    public void A_node_that_does_not_resolve_stops_the_script_with_its_name(string shell, string script)
    {
        var env = Environment(resolvable: $"{Names[0]} {Names[2]}", extraPath: QuickRetries());

        var result = ScriptShell.Script(shell, script, env, TimeSpan.FromSeconds(60), script == "init.sh" ? ["all"] : []);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"cannot resolve node address {Missing}", result.Stderr);
        Assert.False(File.Exists(_node.File("run/redis.conf")), "init.sh wrote a config without every node");
        Assert.Equal(30, Lookups().Count(l => l == Missing));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void The_watcher_looks_the_names_up_once_and_not_every_round(string shell)
    {
        var env = Environment(resolvable: string.Join(' ', Names));
        var line = ScriptShell.CommandLine(shell, ScriptFiles.PathOf("watcher.sh"));
        using var watcher = BackgroundProcess.Start(line[0], line.Skip(1), environment: env);

        // Each round asks three sentinels and this node: ten rounds.
        Poll.Until(() => CliCalls() >= 40, TimeSpan.FromSeconds(30), () => watcher.Output);

        Assert.Equal(Names, Lookups());
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Prestop_ends_within_its_budget_when_its_own_name_does_not_resolve(string shell)
    {
        var env = Environment(resolvable: "");
        env[Env.HandoverTimeoutMs] = "3000";
        var clock = Stopwatch.StartNew();

        var result = ScriptShell.Script(shell, "prestop.sh", env, TimeSpan.FromSeconds(20));

        Assert.True(clock.ElapsedMilliseconds < 3000 + FailoverTimings.PreStopSlackSeconds * 1000, $"{clock.ElapsedMilliseconds} ms\n{result}");
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"cannot resolve node address {Names[0]}", result.Stderr);
        Assert.Equal(0, CliCalls());
    }

    public void Dispose()
    {
        _bin.Dispose();
        _node.Dispose();
    }
}
