namespace RedisHa.Lab.Bench;

/// <summary>One moment of a lab as the <see cref="ClusterObserver"/> saw it, on the trial's clock.</summary>
public sealed record ClusterView(TimeSpan At, IReadOnlyList<NodeView> Nodes, IReadOnlyList<ProxyView> Proxies)
{
    public string Signature => string.Join(';', Nodes.Select(n => n.Signature)) + "|" + string.Join(';', Proxies.Select(p => p.Signature));

    /// <summary>
    /// The node every node agrees on, or null: every live sentinel (at least a quorum of them)
    /// names it, it answers master, and every other node whose redis is alive is its replica.
    /// </summary>
    public int? AgreedMaster(int quorum)
    {
        var sentinels = Nodes.Where(n => n.SentinelAlive).ToList();
        if (sentinels.Count < quorum || sentinels.Any(n => n.SentinelNames is null)) return null;
        var named = sentinels.Select(n => n.SentinelNames).Distinct().ToList();
        if (named.Count != 1) return null;
        var master = Nodes.FirstOrDefault(n => n.Address == named[0]);
        if (master is null || !master.RedisAlive || master.Role != "master") return null;
        var replicasAgree = Nodes.Where(n => n.Ordinal != master.Ordinal && n.RedisAlive)
            .All(n => n.Role == "slave" && n.ReplicaOf == master.Address);
        return replicasAgree ? master.Ordinal : null;
    }
}
