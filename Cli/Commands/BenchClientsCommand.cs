using System.CommandLine;
using RedisHa.Lab.Bench;
using RedisHa.Lab.Bench.Clients;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha bench clients`: the same failovers seen by the common client libraries, each a real process writing through the endpoint.</summary>
internal static class BenchClientsCommand
{
    public static Command Create()
    {
        var faults = new BenchFaultOptions(defaultProfile: "fast", defaultTrials: 3);
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
            faults.Profile, faults.Mode, faults.Trials, clients, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var chosenClients = parse.GetValue(clients) ?? [];
            var settings = new ClientBenchSettings
            {
                Profiles = faults.Profiles(parse),
                Modes = faults.Modes(parse),
                Trials = parse.GetValue(faults.Trials),
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
