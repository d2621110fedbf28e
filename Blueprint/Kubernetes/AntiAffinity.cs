using k8s.Models;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>Spreads pods of one kind over nodes, so losing a node costs at most one of them.</summary>
internal static class AntiAffinity
{
    public const string HostnameTopology = "kubernetes.io/hostname";
    /// <summary>The highest weight: spreading matters more than any other preference.</summary>
    public const int PreferredWeight = 100;

    /// <param name="required">
    /// True: a pod stays Pending rather than share a node. False: the scheduler spreads when it can,
    /// so a cluster with fewer nodes than pods still runs them all.
    /// </param>
    public static V1Affinity OnePerNode(IDictionary<string, string> podSelector, bool required)
    {
        var term = new V1PodAffinityTerm
        {
            LabelSelector = new V1LabelSelector { MatchLabels = podSelector },
            TopologyKey = HostnameTopology,
        };
        var antiAffinity = required
            ? new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] }
            : new V1PodAntiAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { Weight = PreferredWeight, PodAffinityTerm = term }],
            };
        return new V1Affinity { PodAntiAffinity = antiAffinity };
    }
}
