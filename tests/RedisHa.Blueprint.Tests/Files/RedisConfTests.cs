using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

public class RedisConfTests
{
    private static IReadOnlyList<string> Render(RedisHaOptions options) =>
        ConfigText.Lines(RedisConf.Render(OptionsValidator.Validate(options)));

    [Fact]
    public void Persistence_on_turns_on_the_append_only_file()
    {
        var lines = Render(new RedisHaOptions());

        Assert.Contains("appendonly yes", lines);
        Assert.Contains("appendfsync everysec", lines);
        Assert.DoesNotContain("appendonly no", lines);
        Assert.DoesNotContain("save \"\"", lines);
    }

    [Fact]
    public void Persistence_off_turns_off_both_the_append_only_file_and_snapshots()
    {
        var lines = Render(new RedisHaOptions { Persistence = new PersistenceOptions { Enabled = false } });

        Assert.Contains("appendonly no", lines);
        Assert.Contains("save \"\"", lines);
        Assert.DoesNotContain("appendonly yes", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("save ", StringComparison.Ordinal) && l != "save \"\"");
    }

    [Fact]
    public void Min_replicas_lines_carry_the_options()
    {
        var lines = Render(new RedisHaOptions { Replicas = 5, MinReplicasToWrite = 2, MinReplicasMaxLag = 7 });

        Assert.Contains("min-replicas-to-write 2", lines);
        Assert.Contains("min-replicas-max-lag 7", lines);
    }

    [Fact]
    public void Maxmemory_is_written_in_bytes_when_set()
    {
        var lines = Render(new RedisHaOptions { MaxMemory = "256mb", MaxMemoryPolicy = "allkeys-lru" });

        Assert.Contains("maxmemory 268435456", lines);
        Assert.Contains("maxmemory-policy allkeys-lru", lines);
        Assert.Contains("maxmemory 1000000000", Render(new RedisHaOptions { MaxMemory = "1g", Resources = WithRedisMemoryLimit("2Gi") }));
    }

    [Fact]
    public void Without_maxmemory_it_is_70_percent_of_the_memory_limit_so_redis_refuses_writes_before_the_kernel_kills_it()
    {
        // The default limit, 512Mi: 0.7 * 536870912.
        Assert.Contains("maxmemory 375809638", Render(new RedisHaOptions()));
        Assert.Contains("maxmemory 1503238553", Render(new RedisHaOptions { Resources = WithRedisMemoryLimit("2Gi") }));
        Assert.DoesNotContain(Render(new RedisHaOptions { Resources = WithRedisMemoryLimit(null) }), l => l.StartsWith("maxmemory ", StringComparison.Ordinal));
    }

    private static ResourcesOptions WithRedisMemoryLimit(string? limit) =>
        new() { Redis = new ResourcesOptions().Redis with { LimitMemory = limit } };

    [Fact]
    public void Holds_no_address_and_no_password()
    {
        var text = RedisConf.Render(OptionsValidator.Validate(new RedisHaOptions { Password = "Sup3r-Secret-Pw" }));

        Assert.DoesNotContain("Sup3r-Secret-Pw", text);
        Assert.DoesNotContain("requirepass", text);
        Assert.DoesNotContain(ConfigText.Lines(text), l => l.StartsWith("bind ", StringComparison.Ordinal) || l.StartsWith("replicaof ", StringComparison.Ordinal));
        Assert.Contains($"port {RedisHaSpec.RedisPort}", ConfigText.Lines(text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_real_redis_server_runs_with_it(bool persistence)
    {
        var spec = OptionsValidator.Validate(new RedisHaOptions
        {
            Persistence = new PersistenceOptions { Enabled = persistence },
            MaxMemory = "256mb",
            MaxMemoryPolicy = "allkeys-lfu",
            MinReplicasToWrite = 2,
        });
        using var dir = new TempDirectory();
        var address = LoopbackAddress.RandomAddress();
        var port = LoopbackAddress.FreePort(address);
        // What init.sh appends; later lines win in redis.conf.
        var conf = dir.Write("redis.conf", RedisConf.Render(spec) + $"dir {dir.Path}\nbind {address}\nport {port}\n");

        using var server = BackgroundProcess.Start("redis-server", [conf]);
        using var redis = RespConnection.OpenWhenListening(address, port, server);

        Assert.Equal("PONG", redis.Call("PING"));
        Assert.Equal($"appendonly\n{(persistence ? "yes" : "no")}", redis.Call("CONFIG", "GET", "appendonly"));
        Assert.Equal(persistence ? "save\n900 1 300 10 60 10000" : "save\n", redis.Call("CONFIG", "GET", "save"));
        Assert.Equal("maxmemory\n268435456", redis.Call("CONFIG", "GET", "maxmemory"));
        Assert.Equal("maxmemory-policy\nallkeys-lfu", redis.Call("CONFIG", "GET", "maxmemory-policy"));
        Assert.Equal("min-replicas-to-write\n2", redis.Call("CONFIG", "GET", "min-replicas-to-write"));
        Assert.Equal("repl-diskless-sync\nyes", redis.Call("CONFIG", "GET", "repl-diskless-sync"));
    }
}
