using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>The read endpoint Service (port 6380) on the pod lab: replicas serve reads, through lost nodes and failovers.</summary>
public sealed class ReadEndpointTests(ITestOutputHelper output)
{
    private static RedisHaOptions WithReadEndpoint(RedisHaOptions o) => o with { ReadEndpoint = new ReadEndpointOptions { Enabled = true } };

    private static Task<PodScenario> StartAsync(ITestOutputHelper output, string title, Func<RedisHaOptions, RedisHaOptions>? more = null) =>
        SettledScenario.StartAsync(output, title, options: o => (more ?? (x => x))(WithReadEndpoint(o)));

    private static string ReadHost(PodScenario s) => s.Lab.HostAddress(s.Spec.Names.ReadEndpointService);

    /// <summary>Which node a fresh connection through the read endpoint reaches (by INFO server's run_id), or null if refused.</summary>
    private static async Task<int?> NodeBehindReadEndpointAsync(PodScenario s)
    {
        var lab = s.Lab;
        var served = await RedisProbe.InfoAsync(ReadHost(s), RedisHaSpec.ReadEndpointPort, lab.Password, "server", lab.Tls);
        if (served is null) return null;
        for (var node = 0; node < s.Spec.Replicas; node++)
        {
            var info = await RedisProbe.InfoAsync(lab.NodeHost(node), RedisHaSpec.RedisPort, lab.Password, "server", lab.Tls);
            if (info?["run_id"] == served["run_id"]) return node;
        }
        return null; // a node whose own Service did not answer (it is going away)
    }

    private static async Task<string?> ReadAsync(PodScenario s, string key) =>
        await RedisProbe.ExecuteAsync(ReadHost(s), RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls, "GET", key) is { IsNull: false } r ? (string?)r : null;

    private static async Task WriteAsync(PodScenario s, string key, string value)
    {
        var reply = await RedisProbe.ExecuteAsync(s.EndpointHost, RedisHaSpec.EndpointPort, s.Lab.Password, s.Lab.Tls, "SET", key, value);
        Assert.Equal("OK", (string?)reply);
    }

    [Fact]
    public async Task Replicas_serve_reads_refuse_writes_and_a_lost_replica_is_left_out()
    {
        await using var s = await StartAsync(output, "read endpoint: replicas only");
        var master = await s.MasterAsync();
        var replicas = Enumerable.Range(0, s.Spec.Replicas).Where(n => n != master).ToList();
        Assert.Equal($"{ReadHost(s)}:{RedisHaSpec.ReadEndpointPort}", s.Lab.ReadEndpoint);

        await WriteAsync(s, "read:k", "v1");
        await Eventually.Holds(TimeSpan.FromSeconds(5), "the write to be readable through 6380", async () => await ReadAsync(s, "read:k") == "v1");

        // Every connection lands on a replica, and over a few connections on each of them.
        var seen = new HashSet<int>();
        await Eventually.Holds(TimeSpan.FromSeconds(20), "both replicas to serve reads", async () =>
        {
            var node = await NodeBehindReadEndpointAsync(s);
            Assert.NotNull(node);
            Assert.NotEqual(master, node);
            seen.Add(node!.Value);
            return seen.Count == replicas.Count;
        });
        Assert.Equal("slave", await RedisProbe.RoleAsync(ReadHost(s), RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls));

        using (var raw = new RawRespConnection(ReadHost(s), RedisHaSpec.ReadEndpointPort, s.Lab.Password, s.Lab.Tls))
            Assert.StartsWith("-READONLY", await raw.SendAsync(TimeSpan.FromSeconds(2), "SET", "read:k", "v2"));

        // A replica's node goes down: once HAProxy has seen it, every read lands on the other replica.
        var lost = replicas[0];
        await s.Lab.HoldAsync(s.Spec.Names.Pod(lost));
        // Each HAProxy pod notices the lost node at its own next check: several reads in a row, which
        // the Service spreads over the pods, must all land on the other replica.
        await Eventually.Holds(TimeSpan.FromMilliseconds(s.Spec.Timings.HaproxyCheckIntervalMilliseconds * 8 + 5000), $"reads to land on {s.Spec.Names.Pod(replicas[1])}",
            async () =>
            {
                for (var i = 0; i < 6; i++)
                {
                    if (await ReadAsync(s, "read:k") != "v1" || await NodeBehindReadEndpointAsync(s) != replicas[1]) return false;
                }
                return true;
            });
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        var reads = 0;
        while (DateTime.UtcNow < until)
        {
            Assert.Equal("v1", await ReadAsync(s, "read:k"));
            Assert.Equal(replicas[1], await NodeBehindReadEndpointAsync(s));
            reads++;
        }
        output.WriteLine($"{reads} reads after {s.Spec.Names.Pod(lost)}'s node went down, all served by {s.Spec.Names.Pod(replicas[1])}");
        Assert.Equal(master, await s.MasterAsync());
        s.Lab.Release(s.Spec.Names.Pod(lost));
    }

    [Fact]
    public async Task After_a_master_failover_reads_are_served_by_the_new_masters_replicas()
    {
        await using var s = await StartAsync(output, "read endpoint: failover");
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillContainerAsync(s.Spec.Names.Pod(master), "redis"));
        await s.AssertNothingLostAsync(report, $"master {s.Spec.Names.Pod(old)} -> {s.Spec.Names.Pod(next)}");

        await WriteAsync(s, "read:after", "v");
        var remaining = Enumerable.Range(0, s.Spec.Replicas).Single(n => n != old && n != next);
        await Eventually.Holds(TimeSpan.FromSeconds(20), $"{s.Spec.Names.Pod(remaining)} to serve reads of writes made after the failover", async () =>
            await ReadAsync(s, "read:after") == "v" && await NodeBehindReadEndpointAsync(s) == remaining);
        // The new master gets no read traffic while a replica is in sync.
        for (var i = 0; i < 10; i++) Assert.NotEqual(next, await NodeBehindReadEndpointAsync(s));

        // The kubelet restarted the old master's container: it returns as a replica of the new one and serves reads again.
        var seen = new HashSet<int?>();
        await Eventually.Holds(TimeSpan.FromSeconds(60), $"{s.Spec.Names.Pod(old)} to serve reads as a replica", async () =>
        {
            var node = await NodeBehindReadEndpointAsync(s);
            Assert.NotEqual(next, node);
            seen.Add(node);
            return seen.Contains(old);
        });
        Assert.Equal("slave", await s.Lab.RoleAsync(old));
        await s.AssertSingleMasterAsync();
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

        // Both replicas' Redis freeze (their sentinels stay up and keep a quorum naming the master, so the
        // write endpoint's gate stays open; a lost node would take its sentinel with it).
        foreach (var replica in replicas) await s.Lab.PauseAsync(s.Spec.Names.Pod(replica), "redis", paused: true);
        try
        {
            await Eventually.Holds(TimeSpan.FromSeconds(20), "reads to fall back to the master", async () =>
                await NodeBehindReadEndpointAsync(s) == master && await ReadAsync(s, "read:fallback") == "v");

            await s.Lab.PauseAsync(s.Spec.Names.Pod(replicas[0]), "redis", paused: false);
            await Eventually.Holds(TimeSpan.FromSeconds(60), $"{s.Spec.Names.Pod(replicas[0])} to take the reads back", async () =>
                await NodeBehindReadEndpointAsync(s) == replicas[0]);
            Assert.Equal("v", await ReadAsync(s, "read:fallback"));
            Assert.Equal(master, await s.MasterAsync());
        }
        finally
        {
            foreach (var replica in replicas) await s.Lab.PauseAsync(s.Spec.Names.Pod(replica), "redis", paused: false);
        }
    }
}
