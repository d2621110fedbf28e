using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Spec;

/// <summary>
/// How many threads each HAProxy runs (haproxy.cfg's nbthread). Left alone, HAProxy (2.6 and 2.8 alike)
/// starts one thread per CPU it may run on, which in a pod is every CPU of the node. That is right
/// while the container has no CPU limit: a request only weighs the container against the others when
/// the node is busy, and on an idle node the proxy may use any core. Under a limit it is wrong: on a
/// 32-core node 32 threads spend a 500m quota in parallel and then wait out the rest of each CFS period
/// throttled, every session with them. So: with a CPU limit, its cores rounded up; without one,
/// HAProxy's own choice (measured on the lab's 2 cores, `bench endpoint`: one thread forwarded 15%
/// fewer GETs than the two HAProxy chose, at the same CPU per request).
/// </summary>
public static class HaproxyThreads
{
    /// <summary>The largest nbthread HAProxy takes without thread groups (MAX_THREADS of a 64-bit build).</summary>
    public const int Max = 64;

    /// <summary>The nbthread to write, or null to leave HAProxy one thread per CPU it may run on.</summary>
    public static int? For(ContainerResources haproxy) =>
        // An invalid quantity counts as none: the options validator has named the key already.
        haproxy.LimitCpu is { } limit && KubernetesQuantity.Value(limit) is { } cores
            ? (int)Math.Clamp(decimal.Ceiling(cores), 1, Max)
            : null;
}
