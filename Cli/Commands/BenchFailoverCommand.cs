using System.CommandLine;
using RedisHa.Lab.Bench;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha bench failover`: write-unavailability, lost writes and agreement time per profile and fault.</summary>
internal static class BenchFailoverCommand
{
    public static Command Create()
    {
        var faults = new BenchFaultOptions(defaultProfile: "all", defaultTrials: 5);
        var json = new Option<FileInfo?>("--json") { Description = "Write every trial's figures and the aggregates to this JSON file." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Draw the timeline of one trial (the first kill trial, else the first) as a PNG." };
        var sample = new Option<int>("--sample-ms") { Description = "How often each node, sentinel and HAProxy is polled during a trial, in ms.", DefaultValueFactory = _ => 100 };
        sample.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 10) r.AddError("--sample-ms must be at least 10");
        });
        var command = new Command("failover", "Inject failures on the master N times per profile and fault while writing through the endpoint, and report how long writes were refused.")
        {
            faults.Profile, faults.Mode, faults.Trials, json, plot, sample,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var settings = new FailoverBenchSettings
            {
                Profiles = faults.Profiles(parse),
                Modes = faults.Modes(parse),
                Trials = parse.GetValue(faults.Trials),
                SampleInterval = TimeSpan.FromMilliseconds(parse.GetValue(sample)),
            };
            var (result, exitCode) = await BenchRun.ExecuteAsync(
                token => FailoverBench.RunAsync(settings, new BenchProgress(), token), FailoverTable.Render, parse.GetValue(json), cancel);
            if (result is null) return exitCode;
            if (parse.GetValue(plot) is { } plotFile)
            {
                var shown = result.Trials.FirstOrDefault(t => t.Recovered && t.Mode == FailoverMode.Kill) ?? result.Trials.FirstOrDefault(t => t.Recovered);
                if (shown is null)
                {
                    Console.Error.WriteLine("error: no trial recovered, nothing to plot");
                    return 1;
                }
                BenchTimelinePlot.Save(shown, plotFile.FullName);
                Console.Error.WriteLine($"wrote {plotFile.FullName} ({shown.Profile} {FailoverTable.Mode(shown.Mode)} trial {shown.Trial})");
            }
            return result.Trials.Count > 0 && result.Trials.All(t => t.Recovered) && result.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
