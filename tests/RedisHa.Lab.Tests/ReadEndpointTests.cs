using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>The read endpoint (port 6380) with real processes: replicas serve reads, through kills and failovers.</summary>
public sealed class ReadEndpointTests(ITestOutputHelper output)
{
    private static RedisHaOptions WithReadEndpoint(RedisHaOptions o) => o with { ReadEndpoint = new ReadEndpointOptions { Enabled = true } };

    private static Task<Scenario> StartAsync(ITestOutputHelper output, string title, Func<RedisHaOptions, RedisHaOptions>? more = null) =>
        Scenario.StartAsync(output, title, options: o => (more ?? (x => x))(WithReadEndpoint(o)));

    /// <summary>Which node a fresh connection through the read endpoint reaches (by INFO server's run_id), or null if refused.</summary>
    private static async Task<int?> NodeBehindReadEndpointAsync(Scenario s)
    {
        var lab = s.Lab;
        var served = await RedisProbe.InfoAsync(lab.Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, lab.Password, "server", lab.Tls);
        if (served is null) return null;
        foreach (var node in lab.Nodes)
        {
            var info = await RedisProbe.InfoAsync(node.Address, RedisHaSpec.RedisPort, lab.Password, "server", lab.Tls);
            if (info?["run_id"] == served["run_id"]) return node.Ordinal;
        }
        throw new InvalidOperationException($"the read endpoint reached a process that is no lab node: {served["run_id"]}");
    }

    private static Task<string?> ReadAsync(Scenario s, string key) =>
        RedisProbe.ExecuteAsync(s.Lab.Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls, "GET", key)
            .ContinueWith(t => t.Result is { IsNull: false } r ? (string?)r : null, TaskScheduler.Default);

    private static async Task WriteAsync(Scenario s, string key, string value)
    {
        var reply = await RedisProbe.ExecuteAsync(s.Lab.Addresses.Endpoint, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls, "SET", key, value);
        Assert.Equal("OK", (string?)reply);
    }

    [Fact]
    public async Task Replicas_serve_reads_refuse_writes_and_a_dead_replica_is_left_out()
    {
        await using var s = await StartAsync(output, "read endpoint: replicas only");
        var master = await s.MasterAsync();
        var replicas = Enumerable.Range(0, s.Spec.Replicas).Where(n => n != master).ToList();
        Assert.Equal($"{s.Lab.Addresses.Endpoint}:6380", s.Lab.ReadEndpoint);

        await WriteAsync(s, "read:k", "v1");
        await Scenario.Eventually(TimeSpan.FromSeconds(5), "the write to be readable through 6380", async () => await ReadAsync(s, "read:k") == "v1");

        // Every connection lands on a replica, and over a few connections on each of them.
        var seen = new HashSet<int>();
        await Scenario.Eventually(TimeSpan.FromSeconds(20), "both replicas to serve reads", async () =>
        {
            var node = await NodeBehindReadEndpointAsync(s);
            Assert.NotNull(node);
            Assert.NotEqual(master, node);
            seen.Add(node!.Value);
            return seen.Count == replicas.Count;
        });
        Assert.Equal("slave", await RedisProbe.RoleAsync(s.Lab.Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls));

        using (var raw = new RawRespConnection(s.Lab.Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls))
            Assert.StartsWith("-READONLY", await raw.SendAsync(TimeSpan.FromSeconds(2), "SET", "read:k", "v2"));

        // A replica dies: reads keep working at once (a refused connection is redispatched) and land on the other.
        var dead = replicas[0];
        await s.Lab.KillAsync(dead);
        var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(s.Spec.Timings.HaproxyCheckIntervalMilliseconds * 8 + 2000);
        var reads = 0;
        while (DateTime.UtcNow < until)
        {
            Assert.Equal("v1", await ReadAsync(s, "read:k"));
            Assert.Equal(replicas[1], await NodeBehindReadEndpointAsync(s));
            reads++;
        }
        output.WriteLine($"{reads} reads after node-{dead} was killed, all served by node-{replicas[1]}");
        Assert.Equal(master, await s.MasterAsync());
    }

    [Fact]
    public async Task After_a_master_failover_reads_are_served_by_the_new_masters_replicas()
    {
        await using var s = await StartAsync(output, "read endpoint: failover");
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master, "redis"));
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");

        await WriteAsync(s, "read:after", "v");
        var remaining = Enumerable.Range(0, s.Spec.Replicas).Single(n => n != old && n != next);
        await Scenario.Eventually(TimeSpan.FromSeconds(20), $"node-{remaining} to serve reads of writes made after the failover", async () =>
            await ReadAsync(s, "read:after") == "v" && await NodeBehindReadEndpointAsync(s) == remaining);
        // The new master gets no read traffic while a replica is in sync.
        for (var i = 0; i < 10; i++) Assert.Equal(remaining, await NodeBehindReadEndpointAsync(s));

        // The old master returns as a replica of the new one and serves reads again.
        s.Lab.StartNodeProcess(old, "redis");
        var seen = new HashSet<int?>();
        await Scenario.Eventually(TimeSpan.FromSeconds(30), $"node-{old} to serve reads as a replica", async () =>
        {
            var node = await NodeBehindReadEndpointAsync(s);
            Assert.NotEqual(next, node);
            seen.Add(node);
            return seen.Contains(old);
        });
    }

    [Fact]
    public async Task With_no_replica_in_sync_reads_fall_back_to_the_approved_master()
    {
        // The fallback goes through the write endpoint's own gate; minReplicasToWrite 0 keeps the
        // master approved without replicas (with 1, the default, it would lose approval after minReplicasMaxLag).
        await using var s = await StartAsync(output, "read endpoint: fallback", o => o with { MinReplicasToWrite = 0 });
        var master = await s.MasterAsync();
        await WriteAsync(s, "read:fallback", "v");
        var replicas = Enumerable.Range(0, s.Spec.Replicas).Where(n => n != master).ToList();

        foreach (var replica in replicas) await s.Lab.KillAsync(replica, "redis");
        await Scenario.Eventually(TimeSpan.FromSeconds(10), "reads to fall back to the master", async () =>
            await NodeBehindReadEndpointAsync(s) == master && await ReadAsync(s, "read:fallback") == "v");

        s.Lab.StartNodeProcess(replicas[0], "redis");
        await Scenario.Eventually(TimeSpan.FromSeconds(30), $"node-{replicas[0]} to take the reads back", async () =>
            await NodeBehindReadEndpointAsync(s) == replicas[0]);
        Assert.Equal(master, await s.MasterAsync());
    }
}
