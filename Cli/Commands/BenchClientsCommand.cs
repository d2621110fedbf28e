using System.CommandLine;
using RedisHa.Blueprint.Options;
using RedisHa.Lab.Bench;
using RedisHa.Lab.Bench.Clients;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha bench clients`: the same failovers seen by the common client libraries, each a real process writing through the endpoint.</summary>
internal static class BenchClientsCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Failover profile of the lab: default, fast or all.", DefaultValueFactory = _ => "fast" };
        profile.AcceptOnlyFromAmong([.. FailoverProfile.All.Select(p => p.Name), "all"]);
        var mode = new Option<string>("--mode") { Description = "Fault: kill, pause, planned or all.", DefaultValueFactory = _ => "all" };
        mode.AcceptOnlyFromAmong("kill", "pause", "planned", "all");
        var trials = new Option<int>("--trials") { Description = "Trials per profile and fault (every client sees each).", DefaultValueFactory = _ => 3 };
        trials.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--trials must be at least 1");
        });
        var clients = new Option<string[]>("--client")
        {
            Description = $"A client library to run (repeatable; default all): {string.Join(", ", ClientPrograms.Libraries)}.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        clients.AcceptOnlyFromAmong([.. ClientPrograms.Libraries]);
        var json = new Option<FileInfo?>("--json") { Description = "Write the matrix as a JSON array of rows to this file." };
        var command = new Command("clients", "Take the master away while StackExchange.Redis, ioredis, node-redis, redis-py and redis-cli, each a real process with its defaults and with recommended settings, write through the endpoint; report per client how long writes failed, the errors it saw, whether it recovered by itself and what was lost.")
        {
            profile, mode, trials, clients, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var chosenProfile = parse.GetValue(profile)!;
            var chosenMode = parse.GetValue(mode)!;
            var chosenClients = parse.GetValue(clients) ?? [];
            var settings = new ClientBenchSettings
            {
                Profiles = chosenProfile == "all" ? [.. FailoverProfile.All.Select(p => p.Name)] : [chosenProfile],
                Modes = chosenMode == "all" ? Enum.GetValues<FailoverMode>() : [Enum.Parse<FailoverMode>(chosenMode, ignoreCase: true)],
                Trials = parse.GetValue(trials),
                Libraries = chosenClients.Length == 0 ? null : chosenClients,
            };
            var (result, exitCode) = await BenchRun.ExecuteAsync(
                token => ClientBench.RunAsync(settings, new BenchProgress(), token), ClientTable.Render, parse.GetValue(json), cancel, r => r.Rows);
            if (result is null) return exitCode;
            return result.Rows.Count > 0 && result.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
