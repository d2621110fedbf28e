using RedisHa.Lab.Tests.Support;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>Where the HAProxy pods send writes, as the scenarios assert it.</summary>
public static class HaproxyRouting
{
    /// <summary>Every HAProxy pod routes to <paramref name="master"/> alone (the routes follow within a few health checks).</summary>
    public static Task AssertOnlyToAsync(PodScenario s, int master) =>
        Eventually.Holds(TimeSpan.FromSeconds(15), $"every HAProxy pod to route only to {s.Spec.Names.Pod(master)}", async () =>
        {
            foreach (var proxy in s.Lab.HaproxyPods)
                if (await s.Lab.RoutesAsync(proxy) is not [var only] || only != master) return false;
            return true;
        });
}
