using RedisHa.Lab.Clients;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests;

/// <summary>S1–S5: processes die. Timing is measured by the benchmark; bounds here only catch a failover that never ends.</summary>
public sealed class KillScenarios(ITestOutputHelper output)
{
    [Fact]
    public async Task S1_kill_9_of_the_master_redis_fails_over_and_writes_resume()
    {
        await using var s = await Scenario.StartAsync(output, "S1 kill -9 master redis");
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master, "redis"));
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero, TimeSpan.FromMilliseconds(s.DownAfterMs + 10000));
    }

    [Fact]
    public async Task S2_losing_the_whole_master_node_fails_over_to_a_replica()
    {
        await using var s = await Scenario.StartAsync(output, "S2 kill master node");
        var (old, next, report) = await s.FailOverAsync(master => s.Lab.KillAsync(master)); // redis, sentinel and watcher
        s.Report(report, await s.CountLostAsync(report), $"master node-{old} -> node-{next}");
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.SeRedisRetry), TimeSpan.Zero, TimeSpan.FromMilliseconds(s.DownAfterMs + 10000));
    }

    [Fact]
    public async Task S3_losing_a_replica_leaves_the_master_and_the_endpoint_alone()
    {
        await using var s = await Scenario.StartAsync(output, "S3 kill a replica");
        var master = await s.MasterAsync();
        var replica = (master + 1) % s.Spec.Replicas;
        await s.StartWritingAsync();
        await s.Lab.KillAsync(replica);
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 2 + 2000));
        var report = await s.StopWritingAsync();
        Assert.Equal(master, await s.MasterAsync());
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        Assert.Equal(0, lost);
        // The replica's sentinel took part in some routes: a connection on one of them is cut once
        // and reconnects at once; a retrying client never notices.
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        Assert.InRange(report.LongestUnavailability(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task S4_losing_one_sentinel_keeps_the_master_and_the_endpoint()
    {
        await using var s = await Scenario.StartAsync(output, "S4 kill one sentinel");
        var master = await s.MasterAsync();
        await s.StartWritingAsync();
        // The master's own sentinel: its loss also drops the routes it took part in.
        await s.Lab.KillAsync(master, "sentinel");
        await Task.Delay(TimeSpan.FromMilliseconds(s.DownAfterMs * 2 + 2000));
        var report = await s.StopWritingAsync();
        Assert.Equal(master, await s.MasterAsync());
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        Assert.Equal(0, lost);
        // A connection routed through the dead sentinel's route is cut once; a retrying client never notices.
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
    }

    [Fact]
    public async Task S5_losing_one_haproxy_the_other_keeps_serving()
    {
        await using var s = await Scenario.StartAsync(output, "S5 kill one HAProxy");
        await s.StartWritingAsync();
        await s.Lab.KillProxyAsync(0);
        await Task.Delay(3000);
        // New connections land on the survivor, since only its socket still listens on the endpoint.
        for (var i = 0; i < 10; i++) await s.WaitForEndpointAsync(TimeSpan.FromSeconds(2));
        var report = await s.StopWritingAsync();
        var lost = await s.CountLostAsync(report);
        s.Report(report, lost);
        Assert.Equal(0, lost);
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
        Assert.InRange(report.LongestUnavailability(EndpointWorkload.Raw), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }
}
