namespace RedisHa.Lab.Bench;

/// <summary>What `redis-ha bench endpoint` runs.</summary>
public sealed record EndpointBenchSettings
{
    public int Clients { get; init; } = 50;
    /// <summary>Requests each client sends before reading replies; 1 is a plain request-reply client.</summary>
    public int Pipeline { get; init; } = 1;
    /// <summary>Total duration of each measurement (one per test and target).</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>
    /// Each measurement is split into this many runs, the targets taking turns, so that load from
    /// other processes on the machine falls on all of them alike.
    /// </summary>
    public int Rounds { get; init; } = 3;
    public string Profile { get; init; } = "default";
    /// <summary>SET and GET use random keys out of this many.</summary>
    public int KeySpace { get; init; } = 100000;
    public string? LabHome { get; init; }

    /// <summary>How long each proxy's CPU is sampled with no client traffic (its health checks' cost).</summary>
    public double IdleSeconds { get; init; } = 10;
}
