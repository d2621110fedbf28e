using System.Text;

namespace RedisHa.Lab.Bench;

/// <summary>Throughput and latency through the endpoint and directly against the master, measured in the same run.</summary>
public sealed record EndpointBenchResult(MachineInfo Machine, string Generator, int Clients, int Pipeline, double Seconds, IReadOnlyList<LoadFigures> Figures)
{
    public LoadFigures? Find(string target, string test) => Figures.FirstOrDefault(f => f.Target == target && f.Test == test);

    /// <summary>Endpoint throughput over direct throughput for a test ("SET", "GET").</summary>
    public double? Ratio(string test) =>
        Find(EndpointBench.Endpoint, test) is { } e && Find(EndpointBench.Direct, test) is { Rps: > 0 } d ? e.Rps / d.Rps : null;

    public string Render()
    {
        var b = new StringBuilder();
        b.AppendLine($"endpoint bench: generator {Generator}; {Clients} clients, pipeline {Pipeline}, ~{Seconds:0.#} s per run; {Machine}");
        b.AppendLine($"{"test",-5} {"target",-9} {"requests/s",12} {"p50 ms",8} {"p99 ms",8} {"avg ms",8} {"requests",10}");
        foreach (var f in Figures)
            b.AppendLine($"{f.Test,-5} {f.Target,-9} {f.Rps,12:0} {f.P50Ms,8:0.000} {f.P99Ms,8:0.000} {f.AvgMs,8:0.000} {f.Requests,10}");
        foreach (var test in Figures.Select(f => f.Test).Distinct())
            if (Ratio(test) is { } r) b.AppendLine($"{test}: endpoint / direct throughput = {r:0.00}");
        return b.ToString();
    }
}
