using System.Globalization;
using System.Text;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>The client matrix as the Markdown table the README shows, then any problems.</summary>
public static class ClientTable
{
    public static string Render(ClientBenchResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured on {result.Machine.Cores} cores ({result.Machine.CpuModel}), {result.Machine.Os}");
        text.AppendLine();
        text.AppendLine("| client | settings | profile | fault | trials | unavailable p50 / p90 | errors | recovered by itself | lost |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in result.Rows)
        {
            var unavailable = r.UnavailableP50Seconds is { } p50 ? $"{p50:0.00} / {r.UnavailableP90Seconds:0.00} s" : "never recovered";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Client} | {r.Settings} | {r.Profile} | {r.Fault} | {r.Trials} | {unavailable} | {r.Errors} | {(r.Recovered ? "yes" : "no")} | {r.Lost} |");
        }
        foreach (var problem in result.Problems) text.AppendLine(CultureInfo.InvariantCulture, $"problem: {problem}");
        return text.ToString();
    }
}
