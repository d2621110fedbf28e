namespace RedisHa.Lab.Bench;

/// <summary>
/// A moment of a trial, in ms after the fault. <paramref name="Kind"/> groups moments for the table
/// and the plot: fault, resume, handover-done, promoted, sentinel, proxy-routes, proxy-drops, agreed.
/// </summary>
public sealed record TrialEvent(double AtMs, string Kind, string Label);
