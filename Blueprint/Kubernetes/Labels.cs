using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The labels every object carries, and the subset that selects pods. Several deployments can share
/// a namespace, so the instance label (the deployment's name) is part of every selector. The keys
/// redis-ha owns are in <see cref="OwnLabels"/>.
/// </summary>
public static class Labels
{
    /// <summary>Set by the StatefulSet controller on each pod; an announce Service selects exactly one pod with it.</summary>
    public const string StatefulSetPodName = "statefulset.kubernetes.io/pod-name";

    /// <summary>Set by the API server on every namespace to its name (Kubernetes 1.22+): selects namespaces by name.</summary>
    public const string NamespaceName = "kubernetes.io/metadata.name";
    /// <summary>Marks the Services that exist to be scraped, so a ServiceMonitor selects them and never the endpoint.</summary>
    public const string MetricsService = "redis-ha/metrics";
    public const string MetricsServiceValue = "true";

    public const string AppNameValue = "redis-ha";
    public const string ManagedByValue = "redis-ha";
    /// <summary>The redis+sentinel pods and what belongs to them.</summary>
    public const string ServerComponent = "server";
    public const string HaproxyComponent = "haproxy";

    public static Dictionary<string, string> Common(RedisHaSpec spec, string component) =>
        new(Selector(spec, component)) { [OwnLabels.ManagedBy] = ManagedByValue };

    /// <summary>
    /// Without managed-by: the selectors of a StatefulSet and a Deployment are immutable, so they hold
    /// only what identifies the pods and can never change.
    /// </summary>
    public static Dictionary<string, string> Selector(RedisHaSpec spec, string component) => new()
    {
        [OwnLabels.AppName] = AppNameValue,
        [OwnLabels.Instance] = spec.Name,
        [OwnLabels.Component] = component,
    };
}
