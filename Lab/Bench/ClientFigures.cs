namespace RedisHa.Lab.Bench;

/// <summary>What one client of the workload saw during a trial.</summary>
/// <param name="UnavailabilityMs">Longest time from a failed write to the next acknowledged one (or one slow write).</param>
/// <param name="Errors">The first few distinct error messages.</param>
public sealed record ClientFigures(string Client, int Acknowledged, int Failed, double UnavailabilityMs, IReadOnlyList<string> Errors);
