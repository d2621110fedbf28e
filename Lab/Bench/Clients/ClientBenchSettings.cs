namespace RedisHa.Lab.Bench.Clients;

/// <summary>What `redis-ha bench clients` runs: which profiles, faults and clients, how often, how finely.</summary>
public sealed record ClientBenchSettings
{
    public IReadOnlyList<string> Profiles { get; init; } = ["fast"];
    public IReadOnlyList<FailoverMode> Modes { get; init; } = [FailoverMode.Kill, FailoverMode.Pause, FailoverMode.Planned];
    public int Trials { get; init; } = 3;

    /// <summary>Libraries to run (<see cref="ClientPrograms.Libraries"/>); null runs them all.</summary>
    public IReadOnlyCollection<string>? Libraries { get; init; }

    /// <summary>
    /// Pause between two writes of each client: the figures' resolution. Every client writes at
    /// once, a dozen processes on the lab's machine, redis-cli starting one process per write.
    /// </summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Every client must have written once within this time of its start (interpreters, JIT, first connect).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Writes before the fault, counted in the trial.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Once the endpoint takes writes again, how long each client has to write again by itself;
    /// one that has not by then did not recover.
    /// </summary>
    public TimeSpan RecoveryWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Writes after every client recovered, so that each outage ends with an acknowledged write.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A paused master stays frozen this long beyond down-after, so Sentinel certainly fails over.</summary>
    public TimeSpan PauseBeyondDownAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Where the bench's labs keep their folders; null is the usual lab home.</summary>
    public string? LabHome { get; init; }

    /// <summary>The repository's clients/ folder; null finds it (<see cref="ClientPrograms.FindDirectory"/>).</summary>
    public string? ClientsDirectory { get; init; }
}
