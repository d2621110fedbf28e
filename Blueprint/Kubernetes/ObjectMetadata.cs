using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>Metadata of a namespaced object: its name, the deployment's namespace and the common labels.</summary>
internal static class ObjectMetadata
{
    public static V1ObjectMeta For(RedisHaSpec spec, string name, string component) => new()
    {
        Name = name,
        NamespaceProperty = spec.Namespace,
        Labels = Labels.Common(spec, component),
    };
}
