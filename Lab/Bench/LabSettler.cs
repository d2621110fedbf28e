using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Observation;
using StackExchange.Redis;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Waits until a lab is as calm as a long-running deployment before the next trial: every pod Ready
/// (a killed container restarted), every sentinel knows every replica and sentinel and sees none of
/// them down, every replica is attached and in sync, and every HAProxy pod routes to the master
/// only. A trial started earlier would measure the aftermath of the previous one (e.g. a sentinel
/// that still thinks a restarted replica is down).
/// </summary>
public static class LabSettler
{
    public static async Task WaitAsync(PodLab lab, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        await Polling.UntilAsync(timeout, cancel, "every pod to be Ready", () => Task.FromResult(lab.NotReady()), TimeSpan.FromMilliseconds(200));
        await lab.WaitForSettledAsync(Remaining(deadline), cancel);
        await Polling.UntilAsync(Remaining(deadline), cancel, "the lab to settle", () => WhatIsUnsettledAsync(lab), TimeSpan.FromMilliseconds(200));
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline - DateTime.UtcNow is var left && left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);

    /// <summary>Null when settled, else what is not.</summary>
    private static async Task<string?> WhatIsUnsettledAsync(PodLab lab)
    {
        var snapshot = await lab.SnapshotAsync();
        if (snapshot.Master is not { } master) return "no master named by a quorum";
        if (snapshot.Masters.Count != 1) return $"{snapshot.Masters.Count} nodes answer master";
        for (var node = 0; node < lab.Spec.Replicas; node++)
        {
            foreach (var (question, expected) in new[] { ("REPLICAS", "slave"), ("SENTINELS", "sentinel") })
            {
                var reply = await RedisProbe.ExecuteAsync(lab.NodeHost(node), RedisHaSpec.SentinelPort, lab.Password, lab.Tls, CommandMap.Sentinel, "SENTINEL", question, lab.Spec.MasterName);
                if (reply is null || reply.Resp2Type != ResultType.Array) return $"sentinel of node-{node} does not answer";
                var entries = (RedisResult[])reply!;
                if (entries.Length != lab.Spec.Replicas - 1) return $"sentinel of node-{node} knows {entries.Length} {question.ToLowerInvariant()}";
                foreach (var entry in entries)
                {
                    var fields = entry.ToDictionary();
                    if ((string?)fields.GetValueOrDefault("flags") != expected)
                        return $"sentinel of node-{node} sees {(string?)fields.GetValueOrDefault("ip")} as {(string?)fields.GetValueOrDefault("flags")}";
                }
            }
            if (node == master) continue;
            var replication = await RedisProbe.InfoAsync(lab.NodeHost(node), RedisHaSpec.RedisPort, lab.Password, "replication", lab.Tls);
            if (replication?.GetValueOrDefault("master_link_status") != "up") return $"node-{node} is not attached to the master";
            if (lab.OrdinalOfAnnounced(replication.GetValueOrDefault("master_host")) != master) return $"node-{node} follows {replication.GetValueOrDefault("master_host")}, not node-{master}";
            if (replication.GetValueOrDefault("master_sync_in_progress") == "1") return $"node-{node} is still syncing";
        }
        foreach (var route in snapshot.Routes)
            if (route.RoutesTo is not [var only] || only != master)
                return $"{route.Pod} routes to [{string.Join(',', route.RoutesTo ?? [])}], not only node-{master}";
        return null;
    }
}
