using Pulumi;

namespace RedisHa.Components;

/// <summary>
/// The <c>networkPolicy</c> input. Redis and Sentinel take connections only from the redis and
/// HAProxy pods; the endpoint from the clients named here. An unset input takes the Blueprint's default.
/// </summary>
public sealed class NetworkPolicyArgs : ResourceArgs
{
    /// <summary>Create the NetworkPolicies.</summary>
    [Input("enabled")]
    public Input<bool>? Enabled { get; set; }

    /// <summary>Namespaces (by name) whose pods may use the endpoint; with allowedNamespaceLabels also empty, only this namespace's pods may.</summary>
    [Input("allowedNamespaces")]
    public InputList<string>? AllowedNamespaces { get; set; }

    /// <summary>Namespaces carrying all these labels may use the endpoint too.</summary>
    [Input("allowedNamespaceLabels")]
    public InputMap<string>? AllowedNamespaceLabels { get; set; }

    /// <summary>Only pods carrying all these labels (in the allowed namespaces) may use the endpoint; empty: any pod.</summary>
    [Input("allowedPodLabels")]
    public InputMap<string>? AllowedPodLabels { get; set; }

    /// <summary>The namespace Prometheus scrapes the metrics ports from; unset: the same clients as the endpoint.</summary>
    [Input("metricsNamespace")]
    public Input<string>? MetricsNamespace { get; set; }

    /// <summary>Let the allowed clients reach Redis and Sentinel directly too, as Sentinel-aware clients must.</summary>
    [Input("allowSentinelClients")]
    public Input<bool>? AllowSentinelClients { get; set; }
}
