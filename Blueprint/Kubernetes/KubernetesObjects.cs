using k8s;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The Kubernetes objects of a deployment, in apply order. The password Secret is not among them:
/// the Pulumi component creates it from a secret, kubectl users create it themselves, so no
/// rendered YAML ever contains a password.
/// </summary>
public sealed class KubernetesObjects
{
    public KubernetesObjects(RedisHaSpec spec, ConfigFiles files, IReadOnlyDictionary<string, string> scripts)
    {
        // TODO(k8s helper): build every object.
        All = [];
        Workload = [];
    }

    /// <summary>Every object in apply order: the Namespace first when it is created here.</summary>
    public IReadOnlyList<IKubernetesObject> All { get; }

    /// <summary><see cref="All"/> without the Namespace (the Pulumi component creates that one as a typed resource).</summary>
    public IReadOnlyList<IKubernetesObject> Workload { get; }
}
