namespace RedisHa.Lab.Bench;

/// <summary>What `redis-ha bench endpoint` runs.</summary>
public sealed record EndpointBenchSettings
{
    public int Clients { get; init; } = 50;
    /// <summary>Requests each client sends before reading replies; 1 is a plain request-reply client.</summary>
    public int Pipeline { get; init; } = 1;
    /// <summary>Total duration of each of the four measurements (SET and GET, through the endpoint and directly).</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>
    /// Each measurement is split into this many runs, alternating endpoint and direct, so that load
    /// from other processes on the machine falls on both sides alike.
    /// </summary>
    public int Rounds { get; init; } = 3;
    public string Profile { get; init; } = "default";
    /// <summary>SET and GET use random keys out of this many.</summary>
    public int KeySpace { get; init; } = 100000;
    public string? LabHome { get; init; }
}
