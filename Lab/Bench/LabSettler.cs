using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Observation;
using StackExchange.Redis;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Waits until a lab is as calm as a long-running deployment before the next trial: every sentinel
/// knows every replica and sentinel and sees none of them down, every replica is attached and in
/// sync, and every HAProxy routes to the master. A trial started earlier would measure the
/// aftermath of the previous one (e.g. a sentinel that still thinks a restarted replica is down).
/// </summary>
public static class LabSettler
{
    public static async Task WaitAsync(LabCluster lab, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        await lab.WaitForSettledAsync(timeout, cancel);
        await lab.WaitForReplicationAsync(Remaining(deadline), cancel);
        await LabCluster.PollAsync(Remaining(deadline), cancel, "the lab to settle", () => WhatIsUnsettledAsync(lab), TimeSpan.FromMilliseconds(200));
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline - DateTime.UtcNow is var left && left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);

    /// <summary>Null when settled, else what is not.</summary>
    private static async Task<string?> WhatIsUnsettledAsync(LabCluster lab)
    {
        var master = await lab.FindMasterAsync();
        if (master is null) return "no master named by a quorum";
        foreach (var node in lab.Nodes)
        {
            foreach (var (question, expected) in new[] { ("REPLICAS", "slave"), ("SENTINELS", "sentinel") })
            {
                var reply = await RedisProbe.ExecuteAsync(node.Address, RedisHaSpec.SentinelPort, lab.Password, lab.Tls, CommandMap.Sentinel, "SENTINEL", question, lab.Spec.MasterName);
                if (reply is null || reply.Resp2Type != ResultType.Array) return $"sentinel of node-{node.Ordinal} does not answer";
                var entries = (RedisResult[])reply!;
                if (entries.Length != lab.Nodes.Count - 1) return $"sentinel of node-{node.Ordinal} knows {entries.Length} {question.ToLowerInvariant()}";
                foreach (var entry in entries)
                {
                    var fields = entry.ToDictionary();
                    if ((string?)fields.GetValueOrDefault("flags") != expected)
                        return $"sentinel of node-{node.Ordinal} sees {(string?)fields.GetValueOrDefault("ip")} as {(string?)fields.GetValueOrDefault("flags")}";
                }
            }
        }
        var status = await lab.StatusAsync();
        foreach (var proxy in status.Proxies)
            if (!proxy.Running || proxy.RoutesTo.Count != 1 || proxy.RoutesTo[0] != master)
                return $"proxy-{proxy.Index} routes to [{string.Join(',', proxy.RoutesTo)}], not only node-{master}";
        return null;
    }
}
