namespace RedisHa.Lab.Bench;

/// <summary>
/// The most requests a second a machine's cores could carry along one path, from the CPU each
/// process on it spent per request: the client, the proxies (if any) and Redis all share the cores,
/// and the client (redis-benchmark) and Redis each run on one thread, so neither can go faster than
/// one core allows. On the lab's 2 cores the endpoint's ceiling is its own; on a cluster the client,
/// HAProxy and Redis run on cores of their own, and the hop adds latency instead.
/// </summary>
public static class CpuCeiling
{
    /// <summary>Null without the client's and Redis' CPU per request.</summary>
    public static double? RequestsPerSecond(LoadFigures figures, int cores)
    {
        if (figures.ClientCpuUsPerRequest is not { } client || figures.RedisCpuUsPerRequest is not { } redis || client <= 0 || redis <= 0 || cores < 1)
            return null;
        var allProcesses = client + redis + (figures.ProxyCpuUsPerRequest ?? 0);
        return Math.Min(cores * 1e6 / allProcesses, 1e6 / Math.Max(client, redis));
    }
}
