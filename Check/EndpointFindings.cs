namespace RedisHa.Check;

/// <summary>
/// What the endpoint's node said about itself, for comparing with the sentinels: its run_id (the
/// node's identity, since a master does not know the address it is announced by) and its replicas.
/// </summary>
internal sealed record EndpointFindings(string? RunId, ReplicationInfo Replication);
