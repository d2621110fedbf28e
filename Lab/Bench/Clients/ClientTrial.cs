namespace RedisHa.Lab.Bench.Clients;

/// <summary>What one client saw in one failover trial.</summary>
public sealed record ClientTrial
{
    public required string Library { get; init; }

    /// <summary>The library and version the program reported, e.g. "ioredis 6.0.0".</summary>
    public required string Client { get; init; }

    public required string Settings { get; init; }
    public required string Profile { get; init; }
    public required FailoverMode Mode { get; init; }
    public required int Trial { get; init; }

    /// <summary>The longest time its writes failed or hung, from the fault on; null when it did not recover.</summary>
    public double? UnavailableMs { get; init; }

    /// <summary>Failed writes the application saw (errors and time-outs), from the fault on.</summary>
    public required int Errors { get; init; }

    /// <summary>Whether it wrote again by itself after the fault, without a restart, and its last write was acknowledged.</summary>
    public required bool Recovered { get; init; }

    /// <summary>Acknowledged writes the endpoint no longer has.</summary>
    public required int Lost { get; init; }

    /// <summary>A few of the errors it saw, to tell what the application would have to handle.</summary>
    public required IReadOnlyList<string> ErrorSamples { get; init; }
}
