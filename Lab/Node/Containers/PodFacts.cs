namespace RedisHa.Lab.Node.Containers;

/// <summary>What the downward API exposes of a pod (fieldRef).</summary>
public sealed record PodFacts(string Name, string Namespace, string Uid, string Ip, string NodeName, string ServiceAccountName, IReadOnlyDictionary<string, string> Labels);
