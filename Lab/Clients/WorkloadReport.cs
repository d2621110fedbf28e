namespace RedisHa.Lab.Clients;

/// <summary>What the writers saw during a scenario.</summary>
public sealed record WorkloadReport(IReadOnlyList<WriteRecord> Writes)
{
    public int Acknowledged => Writes.Count(w => w.Acknowledged);
    public int Failed => Writes.Count(w => !w.Acknowledged);

    /// <summary>
    /// The longest time a client could not write: from the first failed attempt after a success to
    /// the next acknowledged one (a write that is slow but succeeds also counts, by its duration).
    /// </summary>
    public TimeSpan LongestUnavailability(string? client = null)
    {
        var longest = TimeSpan.Zero;
        foreach (var group in Writes.Where(w => client is null || w.Client == client).GroupBy(w => w.Client))
        {
            TimeSpan? outageStart = null;
            var lastSent = TimeSpan.Zero;
            foreach (var w in group.OrderBy(w => w.SentAt))
            {
                lastSent = w.SentAt + w.Took;
                if (w.Acknowledged)
                {
                    // A failure window ends with the next acknowledged write; a lone slow write counts by its duration.
                    var start = outageStart ?? w.SentAt;
                    if (lastSent - start > longest) longest = lastSent - start;
                    outageStart = null;
                }
                else
                {
                    outageStart ??= w.SentAt;
                }
            }
            // An outage that never ended lasts at least until the last attempt.
            if (outageStart is { } open && lastSent - open > longest) longest = lastSent - open;
        }
        return longest;
    }

    /// <summary>Errors seen per client, with the first few messages.</summary>
    public string Summary()
    {
        var lines = Writes.GroupBy(w => w.Client).Select(g =>
            $"{g.Key}: {g.Count(w => w.Acknowledged)} acknowledged, {g.Count(w => !w.Acknowledged)} failed, longest unavailability {LongestUnavailability(g.Key).TotalMilliseconds:0} ms" +
            (g.Any(w => !w.Acknowledged) ? $" (e.g. {string.Join("; ", g.Where(w => !w.Acknowledged).Select(w => w.Error).Distinct().Take(3))})" : ""));
        return string.Join(Environment.NewLine, lines);
    }
}
