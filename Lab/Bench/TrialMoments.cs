namespace RedisHa.Lab.Bench;

/// <summary>Derives the moments of a trial from the observer's history, in ms after the fault.</summary>
public static class TrialMoments
{
    /// <summary>When each sentinel named the new master, each HAProxy routed to it and dropped the old one, and the new master answered master.</summary>
    public static IEnumerable<TrialEvent> From(IReadOnlyList<ClusterView> history, TimeSpan faultAt, int old, int next, int quorum)
    {
        var after = history.Where(v => v.At >= faultAt).ToList();
        if (after.Count == 0) yield break;
        double Ms(ClusterView v) => (v.At - faultAt).TotalMilliseconds;
        var nextAddress = after[0].Nodes[next].Address;
        if (after.FirstOrDefault(v => v.Nodes[next].Role == "master") is { } promoted)
            yield return new TrialEvent(Ms(promoted), "promoted", $"node-{next} answers master");
        foreach (var node in after[0].Nodes)
            if (after.FirstOrDefault(v => v.Nodes[node.Ordinal].SentinelNames == nextAddress) is { } named)
                yield return new TrialEvent(Ms(named), "sentinel", $"sentinel of node-{node.Ordinal} names node-{next}");
        foreach (var proxy in after[0].Proxies)
        {
            if (after.FirstOrDefault(v => !v.Proxies[proxy.Index].RoutesTo.Contains(old)) is { } dropped)
                yield return new TrialEvent(Ms(dropped), "proxy-drops", $"proxy-{proxy.Index} stops routing to node-{old}");
            if (after.FirstOrDefault(v => v.Proxies[proxy.Index].RoutesTo.Contains(next)) is { } routed)
                yield return new TrialEvent(Ms(routed), "proxy-routes", $"proxy-{proxy.Index} routes to node-{next}");
        }
        if (AgreedSince(history, faultAt, next, quorum) is { } agreed)
            yield return new TrialEvent(agreed, "agreed", $"every node agrees on node-{next}");
    }

    /// <summary>From when on (ms after the fault) every node agreed on <paramref name="next"/> without interruption until the end; null if not at the end.</summary>
    public static double? AgreedSince(IReadOnlyList<ClusterView> history, TimeSpan faultAt, int next, int quorum)
    {
        TimeSpan? since = null;
        foreach (var view in history.Where(v => v.At >= faultAt))
        {
            if (view.AgreedMaster(quorum) == next) since ??= view.At;
            else since = null;
        }
        return since is { } s ? (s - faultAt).TotalMilliseconds : null;
    }
}
