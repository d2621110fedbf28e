namespace RedisHa.Blueprint.Files;

/// <summary>
/// The names of the write endpoint's backends and the rule that turns their servers' states into
/// "which node gets traffic". For every node N there are two backends:
/// <list type="bullet">
/// <item><see cref="Node"/>: one server, node N's Redis, UP while it answers role:master with
/// enough good replicas. Client sessions live here; the server's own check cuts them when N
/// stops being such a master.</item>
/// <item><see cref="Approval"/>: one server per sentinel, without a health check: ready while that
/// sentinel names N as master, in maintenance otherwise (sentinel-approvals.lua sets it). No session
/// ever goes here; its number of ready servers is the number of sentinels naming N.</item>
/// </list>
/// N is routed to while its Redis server is UP and at least a quorum of its approval servers are ready.
/// </summary>
public static class HaproxyBackends
{
    public const string RedisServer = "redis";

    public static string Node(int node) => $"node_{node}";

    public static string Approval(int node) => $"sentinels_naming_{node}";

    public static string Sentinel(int sentinel) => $"sentinel_{sentinel}";

    /// <summary>
    /// The nodes an HAProxy routes new connections to, from its servers' states
    /// (<paramref name="isUp"/> of backend and server: UP, or ready for a server without a check):
    /// the frontend's rule, read back.
    /// </summary>
    public static IReadOnlyList<int> RoutedNodes(int nodes, int quorum, Func<string, string, bool> isUp) =>
        Enumerable.Range(0, nodes)
            .Where(node => isUp(Node(node), RedisServer)
                && Enumerable.Range(0, nodes).Count(sentinel => isUp(Approval(node), Sentinel(sentinel))) >= quorum)
            .ToList();
}
