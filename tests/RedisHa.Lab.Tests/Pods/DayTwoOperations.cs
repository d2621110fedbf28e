using System.Globalization;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>
/// Changes driven as a second `pulumi up` drives them: changed options applied to a running lab
/// (`lab up` again), with the endpoint written to throughout.
/// </summary>
public sealed class DayTwoOperations(ITestOutputHelper output)
{
    [Fact]
    public async Task Scaling_from_3_to_5_and_back_keeps_serving_and_leaves_sentinels_that_know_exactly_the_nodes_there_are()
    {
        await using var s = await PodScenario.StartAsync(output, "scale 3 -> 5 -> 3");
        await s.StartWritingAsync();

        await s.Lab.ApplyAsync(s.Lab.Record.Options with { Replicas = 5 });
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromMinutes(6));
        await AssertShapeAsync(s, nodes: 5);

        // A removed node that is master must be handed over first: make the master one of the two
        // pods the scale-down removes (a StatefulSet removes the highest ordinals).
        for (var attempt = 0; attempt < 6 && await s.MasterAsync() < 3; attempt++)
            await s.Lab.FailoverAsync(TimeSpan.FromSeconds(30));
        var removedMaster = await s.MasterAsync();
        output.WriteLine($"master before the scale-down: {s.Spec.Names.Pod(removedMaster)}");

        await s.Lab.ApplyAsync(s.Lab.Record.Options with { Replicas = 3 });
        await s.Lab.WaitForRolloutAsync(TimeSpan.FromMinutes(6));
        await AssertShapeAsync(s, nodes: 3);
        await Task.Delay(1000);
        var report = await s.StopWritingAsync();

        await s.AssertSingleMasterAsync();
        await s.AssertNothingLostAsync(report, $"master before the scale-down {removedMaster}, after {await s.MasterAsync()}");
        // Every change was a planned handover: a client that retries once saw no error.
        Assert.Equal(0, report.Writes.Count(w => w.Client == EndpointWorkload.SeRedisRetry && !w.Acknowledged));
    }

    /// <summary>
    /// What `redis-ha check` confirms after a change: every sentinel names the master, knows every
    /// other sentinel and every replica and none more (a removed node left behind would count
    /// against every majority), with the quorum of the new size; every replica online; every
    /// HAProxy routes to the master.
    /// </summary>
    private async Task AssertShapeAsync(PodScenario s, int nodes)
    {
        Assert.Equal(nodes, s.Spec.Replicas);
        Assert.Equal(nodes, s.Lab.Pods.Count(p => p.Name.StartsWith(s.Spec.Names.ServerStatefulSet + "-", StringComparison.Ordinal) && p.Ready));
        await Eventually.Holds(TimeSpan.FromSeconds(60), $"every sentinel of {nodes} to know exactly the others, every replica online", async () =>
        {
            var master = await s.Lab.FindMasterAsync();
            if (master is null) return false;
            for (var i = 0; i < nodes; i++)
            {
                var view = await SentinelMasterAsync(s, i);
                if (view is null || view.GetValueOrDefault("ip") != s.Lab.NodeAnnounceIp(master.Value)
                    || view.GetValueOrDefault("num-other-sentinels") != (nodes - 1).ToString(CultureInfo.InvariantCulture)
                    || view.GetValueOrDefault("num-slaves") != (nodes - 1).ToString(CultureInfo.InvariantCulture)
                    || view.GetValueOrDefault("quorum") != s.Spec.Quorum.ToString(CultureInfo.InvariantCulture))
                {
                    output.WriteLine($"sentinel {i}: {(view is null ? "no answer" : string.Join(", ", view.Where(kv => kv.Key is "ip" or "num-other-sentinels" or "num-slaves" or "quorum")))}");
                    return false;
                }
            }
            var info = await RedisProbe.InfoAsync(s.Lab.NodeHost(master.Value), RedisHaSpec.RedisPort, s.Lab.Password, "replication", s.Lab.Tls);
            if (info?.GetValueOrDefault("connected_slaves") != (nodes - 1).ToString(CultureInfo.InvariantCulture)) return false;
            foreach (var proxy in s.Lab.HaproxyPods)
                if (await s.Lab.RoutesAsync(proxy) is not [var routed] || routed != master) return false;
            return true;
        });
        output.WriteLine($"{nodes} nodes: {PodScenario.Describe(await s.Lab.SnapshotAsync())}");
    }

    private static async Task<IReadOnlyDictionary<string, string>?> SentinelMasterAsync(PodScenario s, int ordinal)
    {
        var reply = await RedisProbe.ExecuteAsync(s.Lab.NodeHost(ordinal), RedisHaSpec.SentinelPort, s.Lab.Password, s.Lab.Tls, CommandMap.Sentinel,
            "SENTINEL", "MASTER", s.Spec.MasterName);
        if (reply is null || reply.Resp2Type != ResultType.Array) return null;
        var fields = ((RedisResult[])reply!).Select(r => (string)r!).ToList();
        return Enumerable.Range(0, fields.Count / 2).ToDictionary(i => fields[2 * i], i => fields[2 * i + 1]);
    }
}
