namespace RedisHa.Lab.Observation;

/// <summary>A snapshot of a lab: what each node is, what each sentinel says, where each proxy routes.</summary>
public sealed record LabStatus(IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<ProxyStatus> Proxies)
{
    /// <summary>Ordinals of the nodes that answer role master.</summary>
    public IReadOnlyList<int> Masters => Nodes.Where(n => n.Role == "master").Select(n => n.Ordinal).ToList();
}

/// <summary><paramref name="SentinelNamesMaster"/> is the address this node's sentinel names as master.</summary>
public sealed record NodeStatus(int Ordinal, string Address, string? Role, string? SentinelNamesMaster, IReadOnlyList<string> RunningProcesses, bool Partitioned, bool Paused);

/// <summary><paramref name="RoutesTo"/>: the nodes with at least one UP route in this proxy.</summary>
public sealed record ProxyStatus(int Index, string Address, bool Running, IReadOnlyList<int> RoutesTo);
