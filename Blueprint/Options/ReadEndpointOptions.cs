namespace RedisHa.Blueprint.Options;

/// <summary>
/// A second HAProxy port (and Service) that spreads connections over the replicas that are in sync
/// with their master, for reads that may lag the master by the replication delay.
/// </summary>
public sealed record ReadEndpointOptions
{
    public bool Enabled { get; init; }
}
