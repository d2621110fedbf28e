using System.Text.Json.Serialization;

namespace RedisHa.Lab.Cluster;

/// <summary>
/// One look at a pod lab, as `lab status --json` prints it and tests read it: pods, Services and
/// the endpoints they send to now, each node's role and what its sentinel names, where each
/// HAProxy routes, and the master (named by a quorum and answering master).
/// </summary>
public sealed record LabSnapshot(string Name, string Endpoint, IReadOnlyList<PodRow> Pods, IReadOnlyList<ServiceRow> Services,
    IReadOnlyList<NodeRow> Nodes, IReadOnlyList<RouteRow> Routes, int? Master)
{
    public IReadOnlyList<int> Masters => Nodes.Where(n => n.Role == "master").Select(n => n.Ordinal).ToList();
}

/// <summary>Role: "master", "replica", or null for a pod without Redis (or one that does not answer).</summary>
public sealed record PodRow(string Name, string Namespace, string? Ip, bool Ready, IReadOnlyDictionary<string, int> Restarts, string? Role);

/// <summary>ClusterIP "None" for a headless Service; endpoints are the pod addresses traffic goes to now.</summary>
public sealed record ServiceRow(string Name, [property: JsonPropertyName("clusterIP")] string? ClusterIp, IReadOnlyList<string> Endpoints);

/// <summary><paramref name="SentinelNames"/>: the ordinal this node's sentinel names as master.</summary>
public sealed record NodeRow(int Ordinal, string Pod, string? Role, int? SentinelNames);

/// <summary><paramref name="RoutesTo"/>: the nodes with an UP route in this HAProxy pod; null when it does not answer.</summary>
public sealed record RouteRow(string Pod, IReadOnlyList<int>? RoutesTo);
