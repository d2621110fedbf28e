using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha bench ...`: failover, endpoint and client figures, measured on labs of their own.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure failovers and the endpoint's cost on labs of their own (each lab is stopped afterwards).");
        bench.Subcommands.Add(BenchFailoverCommand.Create());
        bench.Subcommands.Add(BenchEndpointCommand.Create());
        bench.Subcommands.Add(BenchClientsCommand.Create());
        return bench;
    }
}
