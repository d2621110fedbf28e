using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Spec;

/// <summary>
/// Validated options plus every value derived from them. Only <see cref="Validation.OptionsValidator"/>
/// creates one, so whoever holds a spec can trust it.
/// </summary>
public sealed record RedisHaSpec
{
    public const int RedisPort = 6379;
    public const int SentinelPort = 26379;
    public const int EndpointPort = 6379;
    public const int HaproxyStatsPort = 8404;

    public required RedisHaOptions Options { get; init; }
    public required int Quorum { get; init; }
    public required FailoverTimings Timings { get; init; }

    public string Name => Options.Name;
    public string Namespace => Options.Namespace;
    public int Replicas => Options.Replicas;
    public string MasterName => Options.MasterName;
    public bool Auth => Options.Auth;
    public ObjectNames Names => new(Options.Name);

    /// <summary>The stable address each node announces: its announce Service's DNS name.</summary>
    public IReadOnlyList<string> NodeHosts =>
        Enumerable.Range(0, Replicas).Select(i => ServiceHost(Names.AnnounceService(i))).ToList();

    public string Endpoint => $"{ServiceHost(Names.EndpointService)}:{EndpointPort}";
    public string SentinelEndpoint => $"{ServiceHost(Names.SentinelService)}:{SentinelPort}";

    private string ServiceHost(string service) => $"{service}.{Namespace}.svc.{Options.ClusterDomain}";
}
