using System.Text;
using RedisHa.Lab.Clients;

namespace RedisHa.Lab.Bench;

/// <summary>The plain-text tables `redis-ha bench failover` prints: the figures, then where the time goes.</summary>
public static class FailoverTable
{
    public static string Render(FailoverBenchResult result)
    {
        var b = new StringBuilder();
        b.AppendLine($"failover bench: {result.TrialsPerMode} trial(s) per profile and mode on {result.Machine}");
        b.AppendLine("write-unavailability p50 / p90 / max; clients: retry-once = StackExchange.Redis, 5 s timeouts, retries a failed write once after 500 ms (headline);");
        b.AppendLine("se-redis = StackExchange.Redis, 1 s timeouts; raw = one persistent RESP connection. lost = acknowledged writes missing afterwards.");
        var rows = new List<string[]>
        {
            new[] { "profile", "mode", "ok", "retry-once", "se-redis", "raw", "lost", "retry-once errors", "all nodes agree" },
        };
        foreach (var s in result.Summaries)
        {
            rows.Add([
                s.Profile, Mode(s.Mode), $"{s.Recovered}/{s.Trials}",
                s.Headline?.Seconds ?? "-",
                s.Unavailability.GetValueOrDefault(EndpointWorkload.SeRedis)?.Seconds ?? "-",
                s.Unavailability.GetValueOrDefault(EndpointWorkload.Raw)?.Seconds ?? "-",
                s.Lost.ToString(),
                s.RetryOnceErrors == 0 ? "0" : $"{s.RetryOnceErrors} in {s.TrialsWithRetryOnceErrors} trial(s)",
                s.Agreement?.Seconds ?? "-",
            ]);
        }
        AppendRows(b, rows);
        b.AppendLine();
        b.AppendLine("where the time goes: p50 of seconds after the fault (+events from the sentinels' logs, the rest polled every ~100 ms)");
        var header = new List<string> { "profile", "mode" };
        header.AddRange(FailoverSummary.Steps);
        var steps = new List<string[]> { header.ToArray() };
        foreach (var s in result.Summaries)
        {
            var row = new List<string> { s.Profile, Mode(s.Mode) };
            row.AddRange(FailoverSummary.Steps.Select(step => s.StepsP50.TryGetValue(step, out var ms) ? $"{ms / 1000:0.00}" : "-"));
            steps.Add(row.ToArray());
        }
        AppendRows(b, steps);
        foreach (var problem in result.Problems) b.AppendLine($"problem: {problem}");
        return b.ToString();
    }

    public static string Mode(FailoverMode mode) => mode.ToString().ToLowerInvariant();

    private static void AppendRows(StringBuilder b, IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            b.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }
}
