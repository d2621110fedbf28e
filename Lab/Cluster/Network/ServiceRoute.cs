using System.Net;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// One Service port as kube-proxy programs it: traffic to <paramref name="ClusterIp"/>:<paramref name="Port"/>
/// goes to one of <paramref name="Endpoints"/> (pod address, target port), chosen at random per connection.
/// No endpoints: connections are rejected, as kube-proxy does.
/// </summary>
public sealed record ServiceRoute(string Service, IPAddress ClusterIp, int Port, IReadOnlyList<IPEndPoint> Endpoints);
