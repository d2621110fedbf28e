using System.Text.Json.Serialization;
using RedisHa.Lab.Clients;

namespace RedisHa.Lab.Bench;

/// <summary>Every figure of one failover trial. Times are in ms after the fault.</summary>
public sealed record FailoverTrial
{
    public required string Profile { get; init; }
    public required FailoverMode Mode { get; init; }
    /// <summary>1-based number of the trial within its profile and mode.</summary>
    public required int Trial { get; init; }
    /// <summary>Sentinels that must name a master before HAProxy routes to it.</summary>
    public required int Quorum { get; init; }
    public required int OldMaster { get; init; }
    public int? NewMaster { get; init; }
    /// <summary>Whether the lab reached agreement on a new master with a writable endpoint in time.</summary>
    public required bool Recovered { get; init; }
    public string? Error { get; init; }

    public required IReadOnlyList<ClientFigures> Clients { get; init; }
    /// <summary>Acknowledged writes the endpoint no longer has after recovery; null when it never recovered.</summary>
    public int? Lost { get; init; }
    /// <summary>Writes that failed for the client that retries a failed write once.</summary>
    public int RetryOnceErrors => Client(EndpointWorkload.SeRedisRetry)?.Failed ?? 0;
    /// <summary>From the fault until every node agrees on the new master and keeps agreeing.</summary>
    public double? AgreementMs { get; init; }

    /// <summary>Moments seen by polling the nodes, sentinels and HAProxies.</summary>
    public required IReadOnlyList<TrialEvent> Events { get; init; }
    /// <summary>Failover steps from the sentinels' own logs.</summary>
    public required IReadOnlyList<SentinelLogEvent> SentinelEvents { get; init; }

    /// <summary>Every write of the trial, on the workload's clock; for the timeline plot, not the JSON.</summary>
    [JsonIgnore] public IReadOnlyList<WriteRecord> Writes { get; init; } = [];
    /// <summary>Every distinct view of the lab during the trial, on the workload's clock; for the plot.</summary>
    [JsonIgnore] public IReadOnlyList<ClusterView> History { get; init; } = [];
    /// <summary>When the fault was injected, on the workload's clock.</summary>
    [JsonIgnore] public TimeSpan FaultAt { get; init; }

    public ClientFigures? Client(string name) => Clients.FirstOrDefault(c => c.Client == name);

    public double UnavailabilityMs(string client) => Client(client)?.UnavailabilityMs ?? 0;

    /// <summary>The first moment of a kind, e.g. the first proxy routing to the new master.</summary>
    public double? First(string kind) => Events.Where(e => e.Kind == kind).Select(e => (double?)e.AtMs).Min();

    /// <summary>The last moment of a kind, e.g. the last sentinel switching.</summary>
    public double? Last(string kind) => Events.Where(e => e.Kind == kind).Select(e => (double?)e.AtMs).Max();

    /// <summary>The first time any sentinel logged <paramref name="step"/> (e.g. "+odown").</summary>
    public double? FirstLogged(string step) => SentinelEvents.Where(e => e.Event == step).Select(e => (double?)e.AtMs).Min();
}
