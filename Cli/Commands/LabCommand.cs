using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab ...`: the rendered objects run as pods on a one-node lab, kubectl-like verbs and injected failures.</summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var lab = new Command("lab", "Run the rendered Kubernetes objects as pods on a one-node lab (runc, network namespaces, iptables, dnsmasq) and inject failures.");
        lab.Subcommands.Add(LabUpCommand.Create());
        lab.Subcommands.Add(LabServeCommand.Create());
        lab.Subcommands.Add(LabStatusCommand.Create());
        lab.Subcommands.Add(LabStatusCommand.Get());
        lab.Subcommands.Add(LabDownCommand.Create());
        foreach (var verb in LabPodCommands.Create()) lab.Subcommands.Add(verb);
        foreach (var fault in LabFaultCommands.Create()) lab.Subcommands.Add(fault);
        return lab;
    }
}
