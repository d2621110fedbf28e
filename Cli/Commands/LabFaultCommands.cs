using System.CommandLine;
using RedisHa.Lab;

namespace RedisHa.Cli.Commands;

/// <summary>The fault commands of the lab: kill, pause, partition, restart, failover.</summary>
internal static class LabFaultCommands
{
    public static IEnumerable<Command> Create() => [Kill(), Pause(), Partition(), Restart(), Failover()];

    private static Command Kill()
    {
        var target = new Argument<string>("target") { Description = "master, node-N or proxy-N." };
        var only = new Option<string?>("--only") { Description = "Kill only this process of the node: redis, sentinel or watcher (default: the whole node)." };
        only.AcceptOnlyFromAmong("redis", "sentinel", "watcher");
        var name = LabName.Option();
        var command = new Command("kill", "SIGKILL a node (redis, sentinel and watcher), one of its processes, or a proxy.") { target, only, name };
        command.SetAction(async parse =>
        {
            if (LabName.Attach(parse.GetValue(name)!, Console.Error) is not { } lab) return 1;
            var what = parse.GetValue(target)!;
            if (LabTarget.ResolveProxy(lab, what) is { } proxy)
            {
                await lab.KillProxyAsync(proxy);
                Console.Error.WriteLine($"killed proxy-{proxy}");
                return 0;
            }
            if (await LabTarget.ResolveNodeAsync(lab, what, Console.Error) is not { } node) return 1;
            var processes = parse.GetValue(only) is { } p ? new[] { p } : [];
            await lab.KillAsync(node, processes);
            Console.Error.WriteLine($"killed {(processes.Length == 0 ? "" : processes[0] + " of ")}node-{node} ({lab.Nodes[node].Address})");
            return 0;
        });
        return command;
    }

    private static Command Pause()
    {
        var target = new Argument<string>("target") { Description = "master or node-N." };
        var seconds = new Argument<double>("seconds") { Description = "How long redis stays stopped (SIGSTOP, then SIGCONT)." };
        var name = LabName.Option();
        var command = new Command("pause", "Freeze a node's redis for a while, as a stalled VM would.") { target, seconds, name };
        command.SetAction(async (parse, cancel) =>
        {
            if (LabName.Attach(parse.GetValue(name)!, Console.Error) is not { } lab) return 1;
            if (await LabTarget.ResolveNodeAsync(lab, parse.GetValue(target)!, Console.Error) is not { } node) return 1;
            lab.Pause(node);
            try
            {
                await Countdown($"node-{node} paused", parse.GetValue(seconds), cancel);
            }
            finally
            {
                lab.Resume(node); // also on Ctrl-C: a lab must not be left with a frozen process
                Console.Error.WriteLine($"node-{node} resumed");
            }
            return 0;
        });
        return command;
    }

    private static Command Partition()
    {
        var target = new Argument<string>("target") { Description = "master or node-N." };
        var seconds = new Argument<double>("seconds") { Description = "How long the node stays cut off." };
        var name = LabName.Option();
        var command = new Command("partition", "Cut a node off from the other nodes and the proxies with iptables, then heal.") { target, seconds, name };
        command.SetAction(async (parse, cancel) =>
        {
            if (LabName.Attach(parse.GetValue(name)!, Console.Error) is not { } lab) return 1;
            if (await LabTarget.ResolveNodeAsync(lab, parse.GetValue(target)!, Console.Error) is not { } node) return 1;
            lab.Cut(node);
            try
            {
                await Countdown($"node-{node} partitioned", parse.GetValue(seconds), cancel);
            }
            finally
            {
                lab.Heal(node);
                Console.Error.WriteLine($"node-{node} healed");
            }
            return 0;
        });
        return command;
    }

    private static Command Restart()
    {
        var target = new Argument<string>("target") { Description = "master or node-N." };
        var wipe = new Option<bool>("--wipe") { Description = "Delete the node's data first, as a pod moved to an empty volume." };
        var planned = new Option<bool>("--planned") { Description = "Run the pod's pre-stop handover first." };
        var name = LabName.Option();
        var command = new Command("restart", "Stop a node and start it again through the init script.") { target, wipe, planned, name };
        command.SetAction(async (parse, cancel) =>
        {
            if (LabName.Attach(parse.GetValue(name)!, Console.Error) is not { } lab) return 1;
            if (await LabTarget.ResolveNodeAsync(lab, parse.GetValue(target)!, Console.Error) is not { } node) return 1;
            Console.Error.WriteLine($"restarting node-{node}{(parse.GetValue(wipe) ? " with its data wiped" : "")}...");
            await lab.RestartNodeAsync(node, parse.GetValue(wipe), parse.GetValue(planned), cancel);
            Console.Error.WriteLine($"node-{node} restarted");
            return 0;
        });
        return command;
    }

    private static Command Failover()
    {
        var name = LabName.Option();
        var command = new Command("failover", "Planned handover: the pod's pre-stop script on the master (pause writes, catch up, Sentinel failover).") { name };
        command.SetAction(async (parse, cancel) =>
        {
            if (LabName.Attach(parse.GetValue(name)!, Console.Error) is not { } lab) return 1;
            Console.Error.WriteLine("handing the master role over...");
            try
            {
                Console.Error.Write(await lab.PlannedFailoverAsync(cancel));
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static async Task Countdown(string what, double seconds, CancellationToken cancel)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < end)
        {
            Console.Error.Write($"\r{what}: {(end - DateTime.UtcNow).TotalSeconds,5:0.0} s left ");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(1, (end - DateTime.UtcNow).TotalMilliseconds))), cancel);
        }
        Console.Error.WriteLine();
    }
}
