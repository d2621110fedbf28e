using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// Limits voluntary disruptions (node drains, cluster upgrades) so they never cost a quorum of
/// sentinels or the last proxy behind the endpoint.
/// </summary>
internal static class PodDisruptionBudgets
{
    /// <summary>
    /// One redis pod at a time: its pre-stop hook hands the master role over, and the others keep a
    /// majority of sentinels and a replica for the master's min-replicas-to-write. The default
    /// unhealthy-pod policy stays: a redis pod that is not ready (a replica still syncing) still
    /// runs a voting sentinel, so evicting it is not free.
    /// </summary>
    public static V1PodDisruptionBudget Server(RedisHaSpec spec) =>
        Create(spec, spec.Names.ServerStatefulSet, Labels.ServerComponent, new V1PodDisruptionBudgetSpec { MaxUnavailable = 1 });

    /// <summary>
    /// At least one proxy. Null with a single proxy: a budget that keeps one of one available blocks
    /// every drain of its node for good, so one proxy is better served by no budget.
    /// </summary>
    public static V1PodDisruptionBudget? Haproxy(RedisHaSpec spec) =>
        spec.Options.HaproxyReplicas > 1
            ? Create(spec, spec.Names.HaproxyDeployment, Labels.HaproxyComponent, new V1PodDisruptionBudgetSpec
            {
                MinAvailable = 1,
                // A proxy that is not ready routes nothing, so evicting it costs nothing; the default
                // policy would block a drain on such proxies (a bad rollout) once too few are ready.
                UnhealthyPodEvictionPolicy = "AlwaysAllow",
            })
            : null;

    private static V1PodDisruptionBudget Create(RedisHaSpec spec, string name, string component, V1PodDisruptionBudgetSpec budget)
    {
        budget.Selector = new V1LabelSelector { MatchLabels = Labels.Selector(spec, component) };
        return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = ObjectMetadata.For(spec, name, component),
            Spec = budget,
        };
    }
}
