using System.Text.Json.Serialization;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>One row of the client matrix: a client with its settings, under one profile and fault, over its trials.</summary>
public sealed record ClientBenchRow
{
    [JsonPropertyName("client")] public required string Client { get; init; }
    [JsonPropertyName("settings")] public required string Settings { get; init; }
    [JsonPropertyName("profile")] public required string Profile { get; init; }
    [JsonPropertyName("fault")] public required string Fault { get; init; }
    [JsonPropertyName("trials")] public required int Trials { get; init; }

    /// <summary>Over the trials it recovered in; null when it recovered in none.</summary>
    [JsonPropertyName("unavailable_p50_s")] public double? UnavailableP50Seconds { get; init; }
    [JsonPropertyName("unavailable_p90_s")] public double? UnavailableP90Seconds { get; init; }

    /// <summary>Failed writes over all trials.</summary>
    [JsonPropertyName("errors")] public required int Errors { get; init; }

    /// <summary>Whether it wrote again by itself in every trial.</summary>
    [JsonPropertyName("recovered")] public required bool Recovered { get; init; }

    /// <summary>Acknowledged writes lost over all trials.</summary>
    [JsonPropertyName("lost")] public required int Lost { get; init; }

    /// <summary>A few of the errors it saw.</summary>
    [JsonPropertyName("error_samples")] public required IReadOnlyList<string> ErrorSamples { get; init; }

    public static IReadOnlyList<ClientBenchRow> Of(IEnumerable<ClientTrial> trials) =>
        [.. trials.GroupBy(t => (t.Client, t.Settings, t.Profile, t.Mode)).Select(g =>
        {
            var unavailable = DurationStats.Of(g.Where(t => t.UnavailableMs is not null).Select(t => t.UnavailableMs!.Value));
            return new ClientBenchRow
            {
                Client = g.Key.Client,
                Settings = g.Key.Settings,
                Profile = g.Key.Profile,
                Fault = FaultName(g.Key.Mode),
                Trials = g.Count(),
                UnavailableP50Seconds = unavailable is null ? null : Math.Round(unavailable.P50 / 1000, 2),
                UnavailableP90Seconds = unavailable is null ? null : Math.Round(unavailable.P90 / 1000, 2),
                Errors = g.Sum(t => t.Errors),
                Recovered = g.All(t => t.Recovered),
                Lost = g.Sum(t => t.Lost),
                ErrorSamples = [.. g.SelectMany(t => t.ErrorSamples).Distinct().Take(3)],
            };
        })];

    public static string FaultName(FailoverMode mode) => mode.ToString().ToLowerInvariant();
}
