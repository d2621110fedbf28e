using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

public class SentinelConfTests
{
    private static IReadOnlyList<string> Render(RedisHaOptions options) =>
        ConfigText.Lines(SentinelConf.Render(OptionsValidator.Validate(options)));

    [Fact]
    public void Monitors_the_placeholder_master_with_the_quorum()
    {
        var lines = Render(new RedisHaOptions());

        var monitor = Assert.Single(lines, l => l.StartsWith("sentinel monitor ", StringComparison.Ordinal));
        Assert.Equal($"sentinel monitor mymaster {SentinelConf.MasterHostPlaceholder} {RedisHaSpec.RedisPort} 2", monitor);
        Assert.Contains($"port {RedisHaSpec.SentinelPort}", lines);
    }

    [Fact]
    public void Uses_the_master_name_and_an_explicit_quorum()
    {
        var lines = Render(new RedisHaOptions { Replicas = 5, Quorum = 4, MasterName = "cache" });

        Assert.Contains($"sentinel monitor cache {SentinelConf.MasterHostPlaceholder} 6379 4", lines);
        Assert.Contains("sentinel down-after-milliseconds cache 5000", lines);
    }

    [Theory]
    [InlineData("default", 5000, 30000)]
    [InlineData("fast", 1000, 6000)]
    public void Timings_come_from_the_profile(string profile, int downAfter, int failoverTimeout)
    {
        var lines = Render(new RedisHaOptions { FailoverProfile = profile });

        Assert.Contains($"sentinel down-after-milliseconds mymaster {downAfter}", lines);
        Assert.Contains($"sentinel failover-timeout mymaster {failoverTimeout}", lines);
    }

    [Fact]
    public void Timing_overrides_win_over_the_profile()
    {
        var lines = Render(new RedisHaOptions { FailoverProfile = "fast", DownAfterMilliseconds = 1500, FailoverTimeoutMilliseconds = 9000 });

        Assert.Contains("sentinel down-after-milliseconds mymaster 1500", lines);
        Assert.Contains("sentinel failover-timeout mymaster 9000", lines);
    }

    [Fact]
    public void Holds_no_password()
    {
        var text = SentinelConf.Render(OptionsValidator.Validate(new RedisHaOptions { Password = "Sup3r-Secret-Pw" }));

        Assert.DoesNotContain("Sup3r-Secret-Pw", text);
        Assert.DoesNotContain("auth-pass", text);
        Assert.DoesNotContain("requirepass", text);
    }

    [Fact]
    public void A_real_sentinel_runs_with_it_once_the_master_is_filled_in()
    {
        var spec = OptionsValidator.Validate(new RedisHaOptions { FailoverProfile = "fast", Replicas = 5 });
        using var dir = new TempDirectory();
        var addresses = LoopbackAddress.RandomBlock(1, 2);
        var (sentinelAddress, masterAddress) = (addresses[0], addresses[1]);
        var port = LoopbackAddress.FreePort(sentinelAddress);
        // What init.sh does: fill in the master, append this node's addresses.
        var text = SentinelConf.Render(spec).Replace(SentinelConf.MasterHostPlaceholder, masterAddress.ToString(), StringComparison.Ordinal);
        var conf = dir.Write("sentinel.conf", text + $"dir {dir.Path}\nbind {sentinelAddress}\nport {port}\n");

        using var server = BackgroundProcess.Start("redis-sentinel", [conf]);
        using var sentinel = RespConnection.OpenWhenListening(sentinelAddress, port, server);

        Assert.Equal($"{masterAddress}\n6379", sentinel.Call("SENTINEL", "get-master-addr-by-name", "mymaster"));
        var master = sentinel.Call("SENTINEL", "master", "mymaster").Split('\n');
        string Field(string name) => master[Array.IndexOf(master, name) + 1];
        Assert.Equal("3", Field("quorum"));
        Assert.Equal("1000", Field("down-after-milliseconds"));
        Assert.Equal("6000", Field("failover-timeout"));
        // Every replica of five nodes at once: a removed replica must not hold up the others.
        Assert.Equal("4", Field("parallel-syncs"));
    }
}
