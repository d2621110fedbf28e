namespace RedisHa.Lab.Clients;

/// <summary>One write attempt through the endpoint: when it was sent, whether it was acknowledged, and the error if not.</summary>
public sealed record WriteRecord(string Client, long Sequence, string Key, TimeSpan SentAt, TimeSpan Took, bool Acknowledged, string? Error);
