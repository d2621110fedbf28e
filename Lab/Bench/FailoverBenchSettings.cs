namespace RedisHa.Lab.Bench;

/// <summary>What `redis-ha bench failover` runs: which profiles and faults, how often, and how finely it measures.</summary>
public sealed record FailoverBenchSettings
{
    public IReadOnlyList<string> Profiles { get; init; } = ["default", "fast"];
    public IReadOnlyList<FailoverMode> Modes { get; init; } = [FailoverMode.Kill, FailoverMode.Pause, FailoverMode.Planned];
    public int Trials { get; init; } = 5;

    /// <summary>Pause between two writes of each client: the resolution of the unavailability figures.</summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often each node, sentinel and HAProxy is asked what it thinks during a trial.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Writes before the fault, so every client is connected and "before" is measured too.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Writes after recovery, so every client's outage ends with an acknowledged write.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A paused master stays frozen this long beyond down-after, so Sentinel certainly fails over.</summary>
    public TimeSpan PauseBeyondDownAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Where the bench's labs keep their folders; null is the usual lab home.</summary>
    public string? LabHome { get; init; }
}
