namespace RedisHa.Lab.Bench;

/// <summary>One line of a sentinel's log that marks a step of a failover ("+odown", "+promoted-slave"...), in ms after the fault.</summary>
public sealed record SentinelLogEvent(double AtMs, int Sentinel, string Event, string Detail);
