using System.Net;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>A partition: no traffic either way between <paramref name="Pod"/> and each of <paramref name="From"/> (pod addresses).</summary>
public sealed record Cut(IPAddress Pod, IReadOnlyList<IPAddress> From);
