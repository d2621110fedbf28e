namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>
/// The controller a pod belongs to ("StatefulSet/redis-ha-server"), the template revision it was
/// made from, its ordinal for a StatefulSet, and the labels the controller adds to the template's.
/// </summary>
public sealed record PodOwner(string Kind, string Name, string Revision, int? Ordinal, IReadOnlyDictionary<string, string> Labels)
{
    public string Key => $"{Kind}/{Name}";
}
