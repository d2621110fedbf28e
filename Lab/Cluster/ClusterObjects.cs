using k8s;
using k8s.Models;

namespace RedisHa.Lab.Cluster;

/// <summary>
/// The objects applied to the lab, by kind, as an API server would hold them: what the Blueprint
/// rendered plus the Secrets the lab made as a kubectl user would. Kinds a one-node lab has nothing
/// to do with (disruption budgets, ServiceMonitors, the ServiceAccount) are kept but not acted on.
/// Objects an update no longer renders stay until its rollout has finished (<see cref="Retiring"/>),
/// as `pulumi up` deletes removed resources last, once every update has been awaited.
/// </summary>
public sealed class ClusterObjects
{
    private ClusterObjects(IReadOnlyList<IKubernetesObject> all, IReadOnlyList<IKubernetesObject> retiring)
    {
        All = all;
        Retiring = retiring;
    }

    /// <summary>Everything the cluster holds now: the rendered objects, the Secrets and the retiring objects.</summary>
    public IReadOnlyList<IKubernetesObject> All { get; }

    /// <summary>Objects of an earlier apply that the current one no longer renders, to delete once its rollout is done.</summary>
    public IReadOnlyList<IKubernetesObject> Retiring { get; }
    public IEnumerable<V1Namespace> Namespaces => All.OfType<V1Namespace>();
    public IEnumerable<V1Service> Services => All.OfType<V1Service>();
    public IEnumerable<V1StatefulSet> StatefulSets => All.OfType<V1StatefulSet>();
    public IEnumerable<V1Deployment> Deployments => All.OfType<V1Deployment>();
    public IEnumerable<V1NetworkPolicy> NetworkPolicies => All.OfType<V1NetworkPolicy>();

    /// <summary>ConfigMaps by "namespace/name".</summary>
    public IReadOnlyDictionary<string, V1ConfigMap> ConfigMaps(string ns) =>
        All.OfType<V1ConfigMap>().Where(c => c.Metadata.NamespaceProperty == ns).ToDictionary(c => c.Metadata.Name);

    public IReadOnlyDictionary<string, V1Secret> Secrets(string ns) =>
        All.OfType<V1Secret>().Where(c => c.Metadata.NamespaceProperty == ns).ToDictionary(c => c.Metadata.Name);

    /// <summary>The kinds the lab does not run, for the line `lab up` prints about them.</summary>
    public IEnumerable<string> NotActedOn => All
        .Where(o => o is not (V1Namespace or V1Service or V1StatefulSet or V1Deployment or V1NetworkPolicy or V1ConfigMap or V1Secret or V1ServiceAccount))
        .Select(o => o.Kind).Distinct();

    /// <summary>
    /// The objects of an apply: <paramref name="rendered"/> and <paramref name="secrets"/>, plus whatever the
    /// cluster held before (<paramref name="before"/>) and this apply no longer has, as retiring.
    /// </summary>
    public static ClusterObjects From(IEnumerable<IKubernetesObject> rendered, IEnumerable<V1Secret> secrets, ClusterObjects? before = null)
    {
        IReadOnlyList<IKubernetesObject> current = [.. rendered, .. secrets];
        var kept = current.Select(Key).ToHashSet();
        IReadOnlyList<IKubernetesObject> retiring = [.. (before?.All ?? []).Where(o => !kept.Contains(Key(o)))];
        return new([.. current, .. retiring], retiring);
    }

    /// <summary>These objects with the retiring ones deleted.</summary>
    public ClusterObjects WithoutRetiring() => new([.. All.Except(Retiring)], []);

    /// <summary>"Kind/namespace/name": what an API server keys an object by.</summary>
    public static string Key(IKubernetesObject o) => o is IMetadata<V1ObjectMeta> m
        ? $"{o.Kind}/{m.Metadata.NamespaceProperty}/{m.Metadata.Name}"
        : o.Kind;
}
