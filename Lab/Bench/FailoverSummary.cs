using RedisHa.Lab.Clients;

namespace RedisHa.Lab.Bench;

/// <summary>The figures of every trial of one profile and mode, aggregated. Durations in ms.</summary>
public sealed record FailoverSummary
{
    public required string Profile { get; init; }
    public required FailoverMode Mode { get; init; }
    public required int Trials { get; init; }
    public required int Recovered { get; init; }
    /// <summary>Write-unavailability per client kind; the retry-once client is the headline.</summary>
    public required IReadOnlyDictionary<string, DurationStats?> Unavailability { get; init; }
    public required int Lost { get; init; }
    public required int RetryOnceErrors { get; init; }
    public required int TrialsWithRetryOnceErrors { get; init; }
    public DurationStats? Agreement { get; init; }
    /// <summary>Step (e.g. "+odown", "first proxy routes") → p50 of its ms after the fault, over the trials where it happened.</summary>
    public required IReadOnlyDictionary<string, double> StepsP50 { get; init; }

    public DurationStats? Headline => Unavailability.GetValueOrDefault(EndpointWorkload.SeRedisRetry);

    /// <summary>The steps of a failover in the order they happen, as the table shows them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
        ["+sdown", "+odown", "+elected-leader", "+promoted-slave", "new master answers", "quorum names new", "first proxy routes", "last proxy routes", "+switch-master (last)", "agreed"];

    public static IReadOnlyList<FailoverSummary> Of(IEnumerable<FailoverTrial> trials) =>
        trials.GroupBy(t => (t.Profile, t.Mode)).Select(g => Of(g.Key.Profile, g.Key.Mode, g.ToList())).ToList();

    private static FailoverSummary Of(string profile, FailoverMode mode, IReadOnlyList<FailoverTrial> trials)
    {
        var recovered = trials.Where(t => t.Recovered).ToList();
        var steps = new Dictionary<string, double>();
        foreach (var step in Steps)
        {
            var values = recovered.Select(t => Step(t, step)).OfType<double>().ToList();
            if (values.Count > 0) steps[step] = DurationStats.Percentile(values.Order().ToList(), 0.5);
        }
        return new FailoverSummary
        {
            Profile = profile,
            Mode = mode,
            Trials = trials.Count,
            Recovered = recovered.Count,
            Unavailability = new[] { EndpointWorkload.SeRedisRetry, EndpointWorkload.SeRedis, EndpointWorkload.Raw }
                .ToDictionary(c => c, c => DurationStats.Of(recovered.Select(t => t.UnavailabilityMs(c)))),
            Lost = recovered.Sum(t => t.Lost ?? 0),
            RetryOnceErrors = trials.Sum(t => t.RetryOnceErrors),
            TrialsWithRetryOnceErrors = trials.Count(t => t.RetryOnceErrors > 0),
            Agreement = DurationStats.Of(recovered.Select(t => t.AgreementMs).OfType<double>()),
            StepsP50 = steps,
        };
    }

    private static double? Step(FailoverTrial t, string step) => step switch
    {
        "new master answers" => t.First("promoted"),
        "quorum names new" => t.Events.Where(e => e.Kind == "sentinel").Select(e => e.AtMs).Order().Skip(t.Quorum - 1).Cast<double?>().FirstOrDefault(),
        "first proxy routes" => t.First("proxy-routes"),
        "last proxy routes" => t.Last("proxy-routes"),
        "+switch-master (last)" => t.SentinelEvents.Where(e => e.Event == "+switch-master").Select(e => (double?)e.AtMs).Max(),
        "agreed" => t.AgreementMs,
        _ => t.FirstLogged(step),
    };
}
