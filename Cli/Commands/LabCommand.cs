using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab ...`: the local failover lab.</summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var lab = new Command("lab", "Run the generated configuration as real redis, sentinel and haproxy processes on loopback addresses, and inject failures.");
        lab.Subcommands.Add(LabUpCommand.Create());
        lab.Subcommands.Add(LabStatusCommand.Create());
        lab.Subcommands.Add(LabDownCommand.Create());
        foreach (var fault in LabFaultCommands.Create()) lab.Subcommands.Add(fault);
        return lab;
    }
}
