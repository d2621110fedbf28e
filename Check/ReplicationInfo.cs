namespace RedisHa.Check;

/// <summary>
/// A node's <c>INFO replication</c>: its role, and either its replicas (a master) or the master it
/// follows (a replica). A master does not know its own announced IP, so the check compares
/// addresses through its replicas and its run_id instead.
/// </summary>
internal sealed record ReplicationInfo(string Role, IReadOnlyList<ReplicaInfo> Replicas, long MasterOffset, string? MasterHost, string? MasterPort, string? MasterLinkStatus)
{
    public bool IsMaster => Role == "master";

    public static ReplicationInfo From(IReadOnlyDictionary<string, string> fields)
    {
        // slave0, slave1, ... in order; other keys starting with "slave" (slave_read_only, ...) are not replicas.
        var replicas = fields
            .Where(f => f.Key.Length > 5 && f.Key.StartsWith("slave", StringComparison.Ordinal) && f.Key[5..].All(char.IsAsciiDigit))
            .OrderBy(f => int.Parse(f.Key[5..]))
            .Select(f => ReplicaInfo.Parse(f.Value))
            .OfType<ReplicaInfo>()
            .ToList();
        return new ReplicationInfo(
            fields.GetValueOrDefault("role") ?? "unknown",
            replicas,
            long.TryParse(fields.GetValueOrDefault("master_repl_offset"), out var offset) ? offset : 0,
            fields.GetValueOrDefault("master_host"),
            fields.GetValueOrDefault("master_port"),
            fields.GetValueOrDefault("master_link_status"));
    }
}
