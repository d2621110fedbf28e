namespace RedisHa.Lab.Bench;

/// <summary>
/// What one node looked like at a moment. A process that is alive but silent (paused, busy) keeps
/// the last answer it gave: a frozen master still believes it is master.
/// </summary>
/// <param name="Role">"master", "slave", or null when its redis is down or never answered.</param>
/// <param name="ReplicaOf">The master address a replica follows.</param>
/// <param name="SentinelNames">The master address this node's sentinel names.</param>
public sealed record NodeView(int Ordinal, string Address, bool RedisAlive, string? Role, string? ReplicaOf, bool SentinelAlive, string? SentinelNames)
{
    public string Signature => $"{RedisAlive}/{Role}/{ReplicaOf}/{SentinelAlive}/{SentinelNames}";
}
