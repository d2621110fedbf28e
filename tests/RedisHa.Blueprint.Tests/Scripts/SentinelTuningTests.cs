using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// The watcher gives its own sentinel the periods the failover timings rely on (SENTINEL DEBUG:
/// runtime only, so a restarted sentinel has Redis' defaults until the watcher's next round).
/// </summary>
public sealed class SentinelTuningTests
{
    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void The_watcher_sets_its_sentinels_ping_ask_publish_and_info_periods(string shell)
    {
        var spec = OptionsValidator.Validate(new RedisHaOptions { Auth = false, FailoverProfile = "fast" });
        using var dir = new TempDirectory();
        var node = LoopbackAddress.RandomBlock(1)[0];
        var conf = dir.Write("sentinel.conf", $"port {RedisHaSpec.SentinelPort}\nbind {node}\ndir {dir.Path}\n" +
            $"sentinel monitor {spec.MasterName} {node} {RedisHaSpec.RedisPort} 1\n");
        using var sentinel = BackgroundProcess.Start("redis-sentinel", [conf], dir.Path);
        using var sentinelConnection = RespConnection.OpenWhenListening(node, RedisHaSpec.SentinelPort, sentinel);
        Dictionary<string, string> Periods() => sentinelConnection.Call("SENTINEL", "DEBUG").Split('\n').Chunk(2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("10000", Periods()["INFO-PERIOD"]); // Redis' own, before the watcher

        var environment = ScriptShell.NodeEnvironment(spec, [node], dir.Path);
        var line = ScriptShell.CommandLine(shell, ScriptFiles.PathOf("watcher.sh"));
        using var watcher = BackgroundProcess.Start(line[0], line.Skip(1), environment: environment);

        var ping = $"{spec.Timings.SentinelPingPeriodMilliseconds}";
        Poll.Until(() => Periods()["PING-PERIOD"] == ping, TimeSpan.FromSeconds(15), () => watcher.Output);
        var periods = Periods();
        Assert.Equal((ping, ping, ping, $"{FailoverTimings.SentinelInfoPeriodMilliseconds}"),
            (periods["PING-PERIOD"], periods["ASK-PERIOD"], periods["PUBLISH-PERIOD"], periods["INFO-PERIOD"]));
    }
}
