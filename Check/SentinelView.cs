namespace RedisHa.Check;

/// <summary>One sentinel's answers about the master, or why it gave none.</summary>
internal sealed record SentinelView(RedisAddress Sentinel, RedisAddress? NamedMaster, IReadOnlyDictionary<string, string> State, string? Problem)
{
    public IReadOnlyList<string> Flags => (State.GetValueOrDefault("flags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    public int? KnownReplicas => int.TryParse(State.GetValueOrDefault("num-slaves"), out var n) ? n : null;
    public int? OtherSentinels => int.TryParse(State.GetValueOrDefault("num-other-sentinels"), out var n) ? n : null;
}
