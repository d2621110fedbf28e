using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>A container's environment as the kubelet computes it: value (with $(VAR) references), valueFrom fieldRef, secretKeyRef, configMapKeyRef; envFrom.</summary>
public static class EnvironmentResolver
{
    /// <summary>An unknown Secret, ConfigMap, key or field is an error naming it, unless the reference is optional.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Resolve(V1Container container, PodFacts pod,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets) => throw new NotImplementedException();
}
