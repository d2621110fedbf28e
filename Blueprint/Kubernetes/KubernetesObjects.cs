using k8s;
using k8s.Models;
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
    /// <summary>The Pod Security Standard every pod here meets, so a namespace created here enforces it.</summary>
    public const string PodSecurityLevel = "restricted";

    public KubernetesObjects(RedisHaSpec spec, ConfigFiles files, IReadOnlyDictionary<string, string> scripts)
    {
        var options = spec.Options;
        var configMaps = ConfigMapNames.For(spec, files, scripts);
        // Apply order: the network policies before any pod, so no pod ever runs unguarded; what a
        // pod references exists before the pod (account, ConfigMaps, the announce Services whose
        // addresses the nodes resolve at start); the disruption budgets before the pods they guard;
        // the endpoints after their proxies; the ServiceMonitors last, since they need the Prometheus
        // operator's CRDs and everything else should be applied even where those are missing.
        Workload =
        [
            ServiceAccount(spec),
            .. Optional(options.NetworkPolicy.Enabled, () => [NetworkPolicies.Server(spec), NetworkPolicies.Haproxy(spec)]),
            ConfigMaps.Server(spec, configMaps, files),
            ConfigMaps.Scripts(spec, configMaps, scripts),
            ConfigMaps.Haproxy(spec, configMaps, files),
            ConfigMaps.HaproxyScripts(spec, configMaps, scripts),
            Services.Headless(spec),
            .. Enumerable.Range(0, spec.Replicas).Select(ordinal => Services.Announce(spec, ordinal)),
            Services.Sentinel(spec),
            .. Optional(options.Metrics.Enabled, () => [MetricsServices.Server(spec), MetricsServices.Haproxy(spec)]),
            .. Optional(options.PodDisruptionBudget, () => [PodDisruptionBudgets.Server(spec), PodDisruptionBudgets.Haproxy(spec)]),
            ServerStatefulSet.Create(spec, configMaps, files, scripts),
            HaproxyDeployment.Create(spec, configMaps, files, scripts),
            Services.Endpoint(spec),
            .. Optional(spec.HasReadEndpoint, () => [Services.ReadEndpoint(spec)]),
            .. Optional(options.Metrics.ServiceMonitor, () => [ServiceMonitors.Server(spec), ServiceMonitors.Haproxy(spec)]),
        ];
        All = spec.Options.CreateNamespace ? [Namespace(spec), .. Workload] : Workload;
    }

    /// <summary>Every object in apply order: the Namespace first when it is created here.</summary>
    public IReadOnlyList<IKubernetesObject> All { get; }

    /// <summary><see cref="All"/> without the Namespace (the Pulumi component creates that one as a typed resource).</summary>
    public IReadOnlyList<IKubernetesObject> Workload { get; }

    private static V1Namespace Namespace(RedisHaSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = spec.Namespace,
            Labels = new Dictionary<string, string>
            {
                [OwnLabels.AppName] = Labels.AppNameValue,
                [OwnLabels.Instance] = spec.Name,
                [OwnLabels.ManagedBy] = Labels.ManagedByValue,
                ["pod-security.kubernetes.io/enforce"] = PodSecurityLevel,
            },
        },
    };

    /// <summary>The objects of a feature that is switched on; a null among them is one the feature leaves out.</summary>
    private static IEnumerable<IKubernetesObject> Optional(bool enabled, Func<IEnumerable<IKubernetesObject?>> objects) =>
        enabled ? objects().OfType<IKubernetesObject>() : [];

    /// <summary>Its own account with no token, so the pods get no API access from the namespace's default account.</summary>
    private static V1ServiceAccount ServiceAccount(RedisHaSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = ObjectMetadata.For(spec, spec.Names.ServiceAccount, Labels.ServerComponent),
        AutomountServiceAccountToken = false,
    };
}
