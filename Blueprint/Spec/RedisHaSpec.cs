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
    /// <summary>The read endpoint: HAProxy's second port, spreading connections over in-sync replicas.</summary>
    public const int ReadEndpointPort = 6380;
    public const int HaproxyStatsPort = 8404;

    public required RedisHaOptions Options { get; init; }
    public required int Quorum { get; init; }
    public required FailoverTimings Timings { get; init; }

    public string Name => Options.Name;
    public string Namespace => Options.Namespace;
    public int Replicas => Options.Replicas;
    public string MasterName => Options.MasterName;
    public bool Auth => Options.Auth;

    /// <summary>A password rotation is in its overlap: every node accepts the previous password too.</summary>
    public bool RotatingPassword => Auth && Options.PreviousPassword is not null;
    public bool Tls => Options.Tls.Enabled;
    public bool HasReadEndpoint => Options.ReadEndpoint.Enabled;
    public ObjectNames Names => new(Options.Name);

    /// <summary>
    /// Redis' maxmemory in bytes: the maxMemory option, or a share of the redis container's memory
    /// limit (see <see cref="RedisMemorySize.ShareOfMemoryLimit"/>), so that Redis answers OOM
    /// errors instead of being OOM-killed; null (unlimited) when there is neither.
    /// </summary>
    public long? MaxMemoryBytes => Options.MaxMemory is { } given
        ? RedisMemorySize.Bytes(given)
        : RedisMemorySize.DefaultFor(Options.Resources.Redis.LimitMemory);

    /// <summary>
    /// The stable address each node announces: its announce Service's DNS name, fully qualified
    /// with a trailing dot. The scripts look these up; without the dot, a pod's resolver
    /// (ndots:5) would first try every search domain, each a query that may go upstream.
    /// Only for lookups: certificate names (<see cref="TlsDnsNames"/>) and the endpoints shown to
    /// people have no dot.
    /// </summary>
    public IReadOnlyList<string> NodeHosts =>
        Enumerable.Range(0, Replicas).Select(i => ServiceHost(Names.AnnounceService(i)) + ".").ToList();

    public string Endpoint => $"{ServiceHost(Names.EndpointService)}:{EndpointPort}";
    public string SentinelEndpoint => $"{ServiceHost(Names.SentinelService)}:{SentinelPort}";
    /// <summary>host:port of the read endpoint; null when it is not enabled.</summary>
    public string? ReadEndpoint => HasReadEndpoint ? $"{ServiceHost(Names.ReadEndpointService)}:{ReadEndpointPort}" : null;

    /// <summary>
    /// The DNS names a TLS certificate must cover for clients that check the name they connect to:
    /// each client-facing Service in its short, namespaced and fully qualified forms, and the
    /// announce Services, which the nodes are known by. Redis, Sentinel and HAProxy themselves only
    /// check that a peer's certificate is signed by ca.crt, so for them any name would do.
    /// </summary>
    public IReadOnlyList<string> TlsDnsNames =>
    [
        .. ServiceForms(Names.EndpointService),
        .. HasReadEndpoint ? ServiceForms(Names.ReadEndpointService) : [],
        .. ServiceForms(Names.SentinelService),
        .. Enumerable.Range(0, Replicas).Select(i => ServiceHost(Names.AnnounceService(i))),
    ];

    private IEnumerable<string> ServiceForms(string service) =>
        [service, $"{service}.{Namespace}", $"{service}.{Namespace}.svc", ServiceHost(service)];

    private string ServiceHost(string service) => $"{service}.{Namespace}.svc.{Options.ClusterDomain}";
}
