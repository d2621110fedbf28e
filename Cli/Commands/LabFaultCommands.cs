using System.CommandLine;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>The failures the lab injects: kill a container, pause one, partition a pod; and the planned handover.</summary>
internal static class LabFaultCommands
{
    public static IEnumerable<Command> Create() => [Kill(), Pause(), Partition(), Failover()];

    private static Command Kill()
    {
        var pod = new Argument<string>("pod") { Description = "A pod's name, or master." };
        var container = new Option<string?>("--container", "-c") { Description = "The container (default: the pod's first)." };
        var name = LabName.Option();
        var command = new Command("kill", "SIGKILL a container's process; the kubelet restarts it.") { pod, container, name };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!,
            new LabRequest("kill") { Pod = parse.GetValue(pod), Container = parse.GetValue(container) }, cancel));
        return command;
    }

    private static Command Pause()
    {
        var pod = new Argument<string>("pod") { Description = "A pod's name, or master." };
        var seconds = new Argument<double>("seconds") { Description = "How long the container stays frozen." };
        var container = new Option<string?>("--container", "-c") { Description = "The container (default: the pod's first)." };
        var name = LabName.Option();
        var command = new Command("pause", "Freeze a container for some seconds: alive but silent, like a stalled VM. Ctrl-C thaws it at once.") { pod, seconds, container, name };
        command.SetAction(async (parse, cancel) =>
        {
            var lab = parse.GetValue(name)!;
            var request = new LabRequest("pause") { Pod = parse.GetValue(pod), Container = parse.GetValue(container) };
            var code = await LabName.SendAsync(lab, request, cancel);
            if (code != 0) return code;
            try { await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(seconds)), cancel); }
            catch (OperationCanceledException) { }
            return await LabName.SendAsync(lab, request with { Verb = "resume" }, CancellationToken.None);
        });
        return command;
    }

    private static Command Partition()
    {
        var pod = new Argument<string>("pod") { Description = "A pod's name, or master." };
        var seconds = new Argument<double>("seconds") { Description = "How long the partition lasts." };
        var from = new Option<string[]>("--from") { Description = "Cut only from these pods (default: from every other pod).", AllowMultipleArgumentsPerToken = true };
        var name = LabName.Option();
        var command = new Command("partition", "Cut a pod off from all (or the named) pods for some seconds, established connections included. Ctrl-C heals at once.") { pod, seconds, from, name };
        command.SetAction(async (parse, cancel) =>
        {
            var lab = parse.GetValue(name)!;
            var code = await LabName.SendAsync(lab, new LabRequest("partition") { Pod = parse.GetValue(pod), From = parse.GetValue(from) }, cancel);
            if (code != 0) return code;
            try { await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(seconds)), cancel); }
            catch (OperationCanceledException) { }
            return await LabName.SendAsync(lab, new LabRequest("heal"), CancellationToken.None);
        });
        return command;
    }

    private static Command Failover()
    {
        var name = LabName.Option();
        var command = new Command("failover", "Run the master pod's pre-stop handover without deleting the pod; returns once another pod is master and every HAProxy routes to it.") { name };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!, new LabRequest("failover"), cancel));
        return command;
    }
}
