using System.Text;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Throughput and latency through the endpoint and directly against the master, measured in the
/// same run. <see cref="Runs"/> holds every run; the figures per target and test combine them.
/// </summary>
public sealed record EndpointBenchResult(MachineInfo Machine, string Generator, int Clients, int Pipeline, double Seconds, int Rounds, IReadOnlyList<LoadFigures> Runs)
{
    /// <summary>
    /// Per target and test: throughput over all its runs (total requests / total time), and the
    /// median of the runs' p50, p99 and average latencies (percentiles of separate runs do not add up).
    /// </summary>
    public IReadOnlyList<LoadFigures> Figures => Runs.GroupBy(r => (r.Test, r.Target)).Select(g =>
    {
        var runs = g.ToList();
        var requests = runs.Sum(r => r.Requests);
        var seconds = runs.Sum(r => r.Rps > 0 ? r.Requests / r.Rps : 0);
        return new LoadFigures(g.Key.Target, g.Key.Test, requests, seconds > 0 ? requests / seconds : 0,
            Median(runs.Select(r => r.AvgMs)), Median(runs.Select(r => r.P50Ms)), Median(runs.Select(r => r.P99Ms)), runs.Max(r => r.MaxMs));
    }).ToList();

    public LoadFigures? Find(string target, string test) => Figures.FirstOrDefault(f => f.Target == target && f.Test == test);

    /// <summary>Endpoint throughput over direct throughput for a test ("SET", "GET").</summary>
    public double? Ratio(string test) =>
        Find(EndpointBench.Endpoint, test) is { } e && Find(EndpointBench.Direct, test) is { Rps: > 0 } d ? e.Rps / d.Rps : null;

    /// <summary>The lowest and highest ratio of one round's endpoint run to the same round's direct run: how much the machine's other load moved the figure.</summary>
    public (double Low, double High)? RatioSpread(string test)
    {
        var endpoint = Runs.Where(r => r.Test == test && r.Target == EndpointBench.Endpoint).ToList();
        var direct = Runs.Where(r => r.Test == test && r.Target == EndpointBench.Direct).ToList();
        var ratios = endpoint.Zip(direct, (e, d) => d.Rps > 0 ? e.Rps / d.Rps : 0).ToList();
        return ratios.Count == 0 ? null : (ratios.Min(), ratios.Max());
    }

    public string Render()
    {
        var b = new StringBuilder();
        b.AppendLine($"endpoint bench: generator {Generator}; {Clients} clients, pipeline {Pipeline}, ~{Seconds:0.#} s per target and test in {Rounds} alternating run(s); {Machine}");
        b.AppendLine($"{"test",-5} {"target",-9} {"requests/s",12} {"p50 ms",8} {"p99 ms",8} {"avg ms",8} {"requests",10}");
        foreach (var f in Figures)
            b.AppendLine($"{f.Test,-5} {f.Target,-9} {f.Rps,12:0} {f.P50Ms,8:0.000} {f.P99Ms,8:0.000} {f.AvgMs,8:0.000} {f.Requests,10}");
        foreach (var test in Figures.Select(f => f.Test).Distinct())
        {
            if (Ratio(test) is not { } r) continue;
            var spread = RatioSpread(test) is { } s && Rounds > 1 ? $" (single rounds: {s.Low:0.00} to {s.High:0.00})" : "";
            b.AppendLine($"{test}: endpoint / direct throughput = {r:0.00}{spread}");
        }
        return b.ToString();
    }

    private static double Median(IEnumerable<double> values) => DurationStats.Percentile(values.Order().ToList(), 0.5);
}
