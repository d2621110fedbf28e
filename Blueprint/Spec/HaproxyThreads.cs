using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Spec;

/// <summary>
/// How many threads each HAProxy runs (haproxy.cfg's nbthread). Left alone, HAProxy (2.6 and 2.8 alike)
/// starts one thread per CPU it may run on, which in a pod is every CPU of the node: on a 32-core node, 32
/// threads for a container that requests 50m, each waking for its share of the health checks and
/// contending for the same few connections. One busy master's traffic is a few tens of thousands of
/// requests a second, which one thread forwards with room to spare, and on a node whose cores are
/// shared a second thread costs more than it brings (measured on the lab's 2 cores: one thread
/// forwarded 5 to 10% more GETs than two). So: the cores the container is given, its CPU limit or
/// else its request, rounded up, at least one.
/// </summary>
public static class HaproxyThreads
{
    /// <summary>The largest nbthread HAProxy takes without thread groups (MAX_THREADS of a 64-bit build).</summary>
    public const int Max = 64;

    public static int For(ContainerResources haproxy)
    {
        var cores = Cores(haproxy.LimitCpu) ?? Cores(haproxy.RequestCpu) ?? 1m;
        return (int)Math.Clamp(decimal.Ceiling(cores), 1, Max);
    }

    // An invalid quantity counts as none: the options validator has named the key already.
    private static decimal? Cores(string? quantity) => quantity is null ? null : KubernetesQuantity.Value(quantity);
}
