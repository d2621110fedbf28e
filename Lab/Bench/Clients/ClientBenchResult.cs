namespace RedisHa.Lab.Bench.Clients;

/// <summary>The client matrix, the trials it was made of, and what went wrong on the way.</summary>
public sealed record ClientBenchResult(MachineInfo Machine, IReadOnlyList<ClientBenchRow> Rows, IReadOnlyList<ClientTrial> Trials, IReadOnlyList<string> Problems);
