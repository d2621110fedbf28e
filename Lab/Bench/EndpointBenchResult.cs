using System.Text;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Throughput and latency of every <see cref="EndpointBench"/> target, measured in the same run,
/// and what each proxy's health checks cost while idle. <see cref="Runs"/> holds every run; the
/// figures per target and test combine them.
/// </summary>
public sealed record EndpointBenchResult(MachineInfo Machine, string Generator, int Clients, int Pipeline, double Seconds, int Rounds,
    IReadOnlyList<LoadFigures> Runs, IReadOnlyList<ProxyCheckCost> CheckCosts)
{
    /// <summary>The comparisons the bench answers: numerator and denominator targets.</summary>
    public static readonly IReadOnlyList<(string Target, string Baseline)> Comparisons =
    [
        (EndpointBench.Endpoint, EndpointBench.Direct),
        (EndpointBench.OneProxy, EndpointBench.ChartLike),
    ];

    /// <summary>
    /// Per target and test: throughput over all its runs (total requests / total time), and the
    /// median of the runs' p50, p99 and average latencies (percentiles of separate runs do not add up).
    /// </summary>
    public IReadOnlyList<LoadFigures> Figures => Runs.GroupBy(r => (r.Test, r.Target)).Select(g =>
    {
        var runs = g.ToList();
        var requests = runs.Sum(r => r.Requests);
        var seconds = runs.Sum(r => r.Rps > 0 ? r.Requests / r.Rps : 0);
        var combined = new LoadFigures(g.Key.Target, g.Key.Test, requests, seconds > 0 ? requests / seconds : 0,
            Median(runs.Select(r => r.AvgMs)), Median(runs.Select(r => r.P50Ms)), Median(runs.Select(r => r.P99Ms)), runs.Max(r => r.MaxMs))
        {
            ProxyCpuMs = SumOfAll(runs, r => r.ProxyCpuMs),
            RedisCpuMs = SumOfAll(runs, r => r.RedisCpuMs),
            ClientCpuMs = SumOfAll(runs, r => r.ClientCpuMs),
        };
        return combined with { CpuCeilingRps = CpuCeiling.RequestsPerSecond(combined, Machine.Cores) };
    }).ToList();

    private static double? SumOfAll(List<LoadFigures> runs, Func<LoadFigures, double?> figure) =>
        runs.All(r => figure(r) is not null) ? runs.Sum(figure) : null;

    public LoadFigures? Find(string target, string test) => Figures.FirstOrDefault(f => f.Target == target && f.Test == test);

    /// <summary>Throughput of <paramref name="target"/> over that of <paramref name="baseline"/> for a test ("SET", "GET"), over all runs.</summary>
    public double? Ratio(string test, string target = EndpointBench.Endpoint, string baseline = EndpointBench.Direct) =>
        OverallRatio(test, target, baseline, r => r.Rps);

    /// <summary>The same ratio for each round on its own (the runs of one round ran back to back).</summary>
    public IReadOnlyList<double> RoundRatios(string test, string target = EndpointBench.Endpoint, string baseline = EndpointBench.Direct) =>
        RatiosByRound(test, target, baseline, r => r.Rps);

    /// <summary>
    /// The CPU ceiling of <paramref name="target"/> over the throughput <paramref name="baseline"/>
    /// reached: the most their throughput ratio could have been on this machine's cores, given what
    /// each request through the target cost every process on its path.
    /// </summary>
    public double? CeilingRatio(string test, string target = EndpointBench.Endpoint, string baseline = EndpointBench.Direct) =>
        Find(target, test)?.CpuCeilingRps is { } ceiling && Find(baseline, test) is { Rps: > 0 } b ? ceiling / b.Rps : null;

    /// <summary>
    /// The proxy CPU per request of <paramref name="target"/> over that of <paramref name="baseline"/>,
    /// over all runs and for each round: below 1, the target's configuration forwards more cheaply.
    /// </summary>
    public (double? Overall, IReadOnlyList<double> Rounds) ProxyCpuRatio(string test, string target = EndpointBench.OneProxy, string baseline = EndpointBench.ChartLike) =>
        (OverallRatio(test, target, baseline, r => r.ProxyCpuUsPerRequest), RatiosByRound(test, target, baseline, r => r.ProxyCpuUsPerRequest));

    /// <summary>One figure of <paramref name="target"/> over the same of <paramref name="baseline"/>, over all runs; null without both.</summary>
    private double? OverallRatio(string test, string target, string baseline, Func<LoadFigures, double?> figure) =>
        Find(target, test) is { } t && figure(t) is { } tv && Find(baseline, test) is { } b && figure(b) is { } bv && bv > 0 ? tv / bv : null;

    /// <summary>The same ratio for the runs of each round that have both figures.</summary>
    private List<double> RatiosByRound(string test, string target, string baseline, Func<LoadFigures, double?> figure) =>
        Runs.Where(r => r.Test == test && r.Target == target && figure(r) is not null)
            .Join(Runs.Where(r => r.Test == test && r.Target == baseline && figure(r) > 0), t => t.Round, b => b.Round, (t, b) => figure(t)!.Value / figure(b)!.Value)
            .ToList();

    public string Render()
    {
        var b = new StringBuilder();
        b.AppendLine($"endpoint bench: generator {Generator}; {Clients} clients, pipeline {Pipeline}, ~{Seconds:0.#} s per target and test in {Rounds} run(s) each, targets taking turns; {Machine}");
        b.AppendLine($"{"test",-5} {"target",-15} {"requests/s",12} {"p50 ms",8} {"p99 ms",8} {"avg ms",8} {"requests",10} {"client CPU µs/req",18} {"proxy CPU µs/req",17} {"redis CPU µs/req",17} {"CPU ceiling/s",14}");
        foreach (var f in Figures)
            b.AppendLine($"{f.Test,-5} {f.Target,-15} {f.Rps,12:0} {f.P50Ms,8:0.000} {f.P99Ms,8:0.000} {f.AvgMs,8:0.000} {f.Requests,10} {Micros(f.ClientCpuUsPerRequest),18} {Micros(f.ProxyCpuUsPerRequest),17} {Micros(f.RedisCpuUsPerRequest),17} {Whole(f.CpuCeilingRps),14}");
        foreach (var test in Figures.Select(f => f.Test).Distinct())
        {
            foreach (var (target, baseline) in Comparisons)
            {
                if (Ratio(test, target, baseline) is { } r)
                    b.AppendLine($"{test}: {target} / {baseline} throughput = {r:0.00}{Spread(RoundRatios(test, target, baseline))}");
            }
            if (CeilingRatio(test) is { } ceilingRatio && Find(EndpointBench.Endpoint, test) is { CpuCeilingRps: { } ceiling } endpoint)
                b.AppendLine($"{test}: {EndpointBench.Endpoint} CPU ceiling on {Machine.Cores} cores = {ceiling:0}/s, {ceilingRatio:0.00} of {EndpointBench.Direct}'s throughput: " +
                    $"the most {EndpointBench.Endpoint} / {EndpointBench.Direct} could be here; {EndpointBench.Endpoint} reached {endpoint.Rps / ceiling:0%} of it");
            if (ProxyCpuRatio(test) is ({ } cpu, var cpuRounds))
                b.AppendLine($"{test}: {EndpointBench.OneProxy} / {EndpointBench.ChartLike} proxy CPU per request = {cpu:0.00}{Spread(cpuRounds)}");
        }
        b.AppendLine("health checks while idle:");
        b.AppendLine($"{"proxy",-30} {"check connections/s",20} {"kept-connection questions/s",28} {"CPU ms/s",9}");
        foreach (var c in CheckCosts)
            b.AppendLine($"{c.Proxy,-30} {c.CheckConnectionsPerSecond,20:0.#} {c.KeptConnectionQuestionsPerSecond,28:0.#} {c.CpuMsPerSecond,9:0.0}");
        return b.ToString();
    }

    private static string Spread(IReadOnlyList<double> rounds) =>
        rounds.Count > 1 ? $" (single rounds: {rounds.Min():0.00} to {rounds.Max():0.00})" : "";

    private static string Micros(double? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static string Whole(double? value) => value is { } v ? v.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static double Median(IEnumerable<double> values) => DurationStats.Percentile(values.Order().ToList(), 0.5);
}
