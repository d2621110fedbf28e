using k8s;
using k8s.Models;

namespace RedisHa.Lab.Cluster;

/// <summary>
/// The objects applied to the lab, by kind, as an API server would hold them: what the Blueprint
/// rendered plus the Secrets the lab made as a kubectl user would. Kinds a one-node lab has nothing
/// to do with (disruption budgets, ServiceMonitors, the ServiceAccount) are kept but not acted on.
/// </summary>
public sealed class ClusterObjects
{
    private ClusterObjects(IReadOnlyList<IKubernetesObject> all) => All = all;

    public IReadOnlyList<IKubernetesObject> All { get; }
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

    public static ClusterObjects From(IEnumerable<IKubernetesObject> rendered, IEnumerable<V1Secret> secrets) =>
        new([.. rendered, .. secrets]);
}
