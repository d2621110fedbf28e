using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>Spreads the pods of one kind over zones, so losing a zone costs as few of them as the cluster allows.</summary>
internal static class ZoneSpread
{
    public const string ZoneTopology = "topology.kubernetes.io/zone";

    /// <summary>
    /// Null unless <c>topologySpreadZones</c> is on. Only preferred (ScheduleAnyway): a cluster with
    /// fewer zones than pods, or nodes without a zone label, must still run every pod.
    /// </summary>
    public static List<V1TopologySpreadConstraint>? For(RedisHaSpec spec, IDictionary<string, string> podSelector) =>
        spec.Options.TopologySpreadZones
            ?
            [
                new V1TopologySpreadConstraint
                {
                    MaxSkew = 1,
                    TopologyKey = ZoneTopology,
                    WhenUnsatisfiable = "ScheduleAnyway",
                    LabelSelector = new V1LabelSelector { MatchLabels = podSelector },
                },
            ]
            : null;
}
