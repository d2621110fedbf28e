namespace RedisHa.Blueprint.Files;

/// <summary>
/// One HAProxy backend: node <see cref="Node"/> is reachable through it while every sentinel in
/// <see cref="Sentinels"/> (a quorum-sized set) names that node as master and the node answers
/// role:master.
/// </summary>
public sealed record HaproxyRoute(int Node, IReadOnlyList<int> Sentinels)
{
    public const string ServerName = "redis";

    public string Backend => $"node_{Node}_via_{string.Join('_', Sentinels)}";

    /// <summary>Every route of a set of <paramref name="nodes"/> nodes with the given quorum, in a stable order.</summary>
    public static IReadOnlyList<HaproxyRoute> All(int nodes, int quorum) =>
        Enumerable.Range(0, nodes)
            .SelectMany(node => Subsets(nodes, quorum).Select(set => new HaproxyRoute(node, set)))
            .ToList();

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }
        for (var first = 0; first <= n - k; first++)
        {
            foreach (var rest in Subsets(n - first - 1, k - 1))
                yield return [first, .. rest.Select(r => r + first + 1)];
        }
    }
}
