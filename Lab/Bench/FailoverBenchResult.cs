namespace RedisHa.Lab.Bench;

/// <summary>Everything `redis-ha bench failover` measured: every trial and the aggregates per profile and mode.</summary>
public sealed record FailoverBenchResult(
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    int TrialsPerMode,
    IReadOnlyList<FailoverTrial> Trials,
    IReadOnlyList<FailoverSummary> Summaries,
    IReadOnlyList<string> Problems);
