namespace RedisHa.Lab.Bench;

/// <summary>What `redis-ha bench endpoint` runs.</summary>
public sealed record EndpointBenchSettings
{
    public int Clients { get; init; } = 50;
    /// <summary>Requests each client sends before reading replies; 1 is a plain request-reply client.</summary>
    public int Pipeline { get; init; } = 1;
    /// <summary>Duration of each of the four measurements (SET and GET, through the endpoint and directly).</summary>
    public double Seconds { get; init; } = 10;
    public string Profile { get; init; } = "default";
    /// <summary>SET and GET use random keys out of this many.</summary>
    public int KeySpace { get; init; } = 100000;
    public string? LabHome { get; init; }
}
