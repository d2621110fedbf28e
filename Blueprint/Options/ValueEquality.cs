namespace RedisHa.Blueprint.Options;

/// <summary>
/// Value equality for the list and map options. A record compares such members by reference, yet
/// two readings of the same configuration must be equal options (the Pulumi program and the CLI are
/// checked against each other, and the defaults against Pulumi.yaml, that way).
/// </summary>
internal static class ValueEquality
{
    public static bool Equal(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);

    public static bool Equal(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && string.Equals(kv.Value, value, StringComparison.Ordinal));

    public static int Hash(IReadOnlyList<string> list)
    {
        var hash = new HashCode();
        foreach (var item in list) hash.Add(item, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>Independent of order, as <see cref="Equal(IReadOnlyDictionary{string, string}, IReadOnlyDictionary{string, string})"/> is.</summary>
    public static int Hash(IReadOnlyDictionary<string, string> map) =>
        map.Aggregate(map.Count, (hash, kv) => hash ^ HashCode.Combine(StringComparer.Ordinal.GetHashCode(kv.Key), StringComparer.Ordinal.GetHashCode(kv.Value)));

    public static IReadOnlyDictionary<string, string> NoLabels { get; } = new Dictionary<string, string>().AsReadOnly();
}
