using System.CommandLine;
using RedisHa.Lab.Bench;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha bench endpoint`: throughput and latency through HAProxy versus directly against the master.</summary>
internal static class BenchEndpointCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Parallel connections.", DefaultValueFactory = _ => 50 };
        var pipeline = new Option<int>("--pipeline") { Description = "Requests each connection sends before reading replies (1 = request-reply).", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each measurement (one per test and target).", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Split each measurement into this many runs, the targets taking turns, so other load on the machine falls on all alike.", DefaultValueFactory = _ => 3 };
        var idle = new Option<double>("--idle-seconds") { Description = "How long each proxy's CPU is sampled with no client traffic (what its health checks cost).", DefaultValueFactory = _ => 10 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this JSON file." };
        foreach (var positive in new Option[] { clients, pipeline, rounds })
            positive.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1) r.AddError($"{r.Option.Name} must be at least 1");
            });
        foreach (var duration in new[] { seconds, idle })
            duration.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<double>() <= 0) r.AddError($"{r.Option.Name} must be positive");
            });
        var command = new Command("endpoint", "Measure GET and SET throughput and latency on one lab (default profile) through the endpoint, directly against the master, and through one HAProxy with redis-ha's configuration and one with a Helm-chart-like one; and each proxy's CPU for its health checks.")
        {
            clients, pipeline, seconds, rounds, idle, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var settings = new EndpointBenchSettings
            {
                Clients = parse.GetValue(clients),
                Pipeline = parse.GetValue(pipeline),
                Seconds = parse.GetValue(seconds),
                Rounds = parse.GetValue(rounds),
                IdleSeconds = parse.GetValue(idle),
            };
            var (_, exitCode) = await BenchRun.ExecuteAsync(
                token => EndpointBench.RunAsync(settings, new BenchProgress(), token), r => r.Render(), parse.GetValue(json), cancel);
            return exitCode;
        });
        return command;
    }
}
