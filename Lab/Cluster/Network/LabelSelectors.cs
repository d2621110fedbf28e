using k8s.Models;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>Kubernetes label selector semantics (matchLabels and matchExpressions, all ANDed; an empty selector matches everything).</summary>
public static class LabelSelectors
{
    public static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new InvalidOperationException($"label selector operator '{requirement.OperatorProperty}' is not one Kubernetes knows"),
            };
            if (!ok) return false;
        }
        return true;
    }
}
