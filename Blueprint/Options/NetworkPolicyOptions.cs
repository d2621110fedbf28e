namespace RedisHa.Blueprint.Options;

/// <summary>
/// Who may reach the pods. Redis and Sentinel are reachable only from the redis pods and the HAProxy
/// pods; the endpoint from the clients named here; HAProxy's and the exporter's metrics from the
/// metrics namespace.
/// </summary>
public sealed record NetworkPolicyOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Namespaces (by name) whose pods may connect to the endpoint. When this and
    /// <see cref="AllowedNamespaceLabels"/> are both empty, pods of every namespace may (the password guards the rest).
    /// </summary>
    public IReadOnlyList<string> AllowedNamespaces { get; init; } = [];

    /// <summary>Namespaces carrying all these labels may connect to the endpoint too.</summary>
    public IReadOnlyDictionary<string, string> AllowedNamespaceLabels { get; init; } = ValueEquality.NoLabels;

    /// <summary>Only pods carrying all these labels (in the allowed namespaces) may connect; empty: any pod.</summary>
    public IReadOnlyDictionary<string, string> AllowedPodLabels { get; init; } = ValueEquality.NoLabels;

    /// <summary>The namespace Prometheus scrapes from; null lets the clients scrape, under the same rules as the endpoint.</summary>
    public string? MetricsNamespace { get; init; }

    /// <summary>
    /// Lets the allowed clients reach Redis and Sentinel directly too, as Sentinel-aware clients must:
    /// they ask a sentinel for the master and then connect to the address it names.
    /// </summary>
    public bool AllowSentinelClients { get; init; }

    public bool Equals(NetworkPolicyOptions? other) =>
        other is not null
        && Enabled == other.Enabled
        && ValueEquality.Equal(AllowedNamespaces, other.AllowedNamespaces)
        && ValueEquality.Equal(AllowedNamespaceLabels, other.AllowedNamespaceLabels)
        && ValueEquality.Equal(AllowedPodLabels, other.AllowedPodLabels)
        && MetricsNamespace == other.MetricsNamespace
        && AllowSentinelClients == other.AllowSentinelClients;

    public override int GetHashCode() => HashCode.Combine(
        Enabled, ValueEquality.Hash(AllowedNamespaces), ValueEquality.Hash(AllowedNamespaceLabels),
        ValueEquality.Hash(AllowedPodLabels), MetricsNamespace, AllowSentinelClients);
}
