using System.CommandLine;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>kubectl's verbs on the lab's pods: logs, exec, delete pod, rollout restart, hold/release, restart all, client.</summary>
internal static class LabPodCommands
{
    public static IEnumerable<Command> Create() => [Logs(), Exec(), Delete(), Rollout(), Hold(), Release(), Restart(), Client()];

    private static Argument<string> PodArgument() => new("pod") { Description = "A pod's name, or master for the current master's pod." };
    private static Option<string?> ContainerOption() => new("--container", "-c") { Description = "The container (default: the pod's first)." };
    private static Argument<string[]> CommandArgument() => new("command") { Description = "The command, after --.", Arity = ArgumentArity.OneOrMore };

    private static Command Logs()
    {
        var pod = PodArgument();
        var container = ContainerOption();
        var name = LabName.Option();
        var command = new Command("logs", "Print a container's log (every run of it).") { pod, container, name };
        command.SetAction(async (parse, cancel) =>
        {
            var reply = await LabControlClient.SendAsync(LabName.Settings(parse.GetValue(name)!).Directory,
                new LabRequest("logs") { Pod = parse.GetValue(pod), Container = parse.GetValue(container) }, cancel);
            if (reply is null) return await LabName.SendAsync(parse.GetValue(name)!, new LabRequest("logs"), cancel);
            if (reply.ExitCode != 0) { Console.Error.WriteLine(reply.Error); return reply.ExitCode; }
            if (File.Exists(reply.Output)) Console.Write(await File.ReadAllTextAsync(reply.Output, cancel));
            return 0;
        });
        return command;
    }

    private static Command Exec()
    {
        var pod = PodArgument();
        var container = ContainerOption();
        var cmd = CommandArgument();
        var name = LabName.Option();
        var command = new Command("exec", "Run a command in a pod's container; its exit status and output pass through.") { pod, container, name, cmd };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!,
            new LabRequest("exec") { Pod = parse.GetValue(pod), Container = parse.GetValue(container), Command = parse.GetValue(cmd) }, cancel));
        return command;
    }

    private static Command Delete()
    {
        var kind = new Argument<string>("kind") { Description = "pod" };
        kind.AcceptOnlyFromAmong("pod", "po");
        var pod = PodArgument();
        var wipe = new Option<bool>("--wipe-volume") { Description = "Empty the pod's volume before it comes back (a pod rescheduled onto a new disk)." };
        var name = LabName.Option();
        var command = new Command("delete", "Delete a pod (pre-stop hook, SIGTERM, grace period); returns once it has terminated; its StatefulSet or Deployment makes a new one.") { kind, pod, wipe, name };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!,
            new LabRequest("delete-pod") { Pod = parse.GetValue(pod), Wipe = parse.GetValue(wipe) }, cancel));
        return command;
    }

    private static Command Rollout()
    {
        var verb = new Argument<string>("verb") { Description = "restart" };
        verb.AcceptOnlyFromAmong("restart");
        var kind = new Argument<string>("kind") { Description = "statefulset or deployment" };
        kind.AcceptOnlyFromAmong("statefulset", "deployment");
        var name = LabName.Option();
        var command = new Command("rollout", "Rolling restart of the StatefulSet or the HAProxy Deployment, by its update strategy; returns when it is done.") { verb, kind, name };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!,
            new LabRequest("rollout-restart") { Kind = parse.GetValue(kind), TimeoutSeconds = 600 }, cancel));
        return command;
    }

    private static Command Hold() => PodVerb("hold", "hold", "Take a pod's node down: its containers are killed at once (no hook) and the pod is not recreated until released.");

    private static Command Release() => PodVerb("release", "release", "Bring a held pod's node back: its controller recreates the pod.");

    private static Command PodVerb(string name, string verb, string description)
    {
        var kind = new Argument<string>("kind") { Description = "pod" };
        kind.AcceptOnlyFromAmong("pod", "po");
        var pod = PodArgument();
        var lab = LabName.Option();
        var command = new Command(name, description) { kind, pod, lab };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(lab)!, new LabRequest(verb) { Pod = parse.GetValue(pod) }, cancel));
        return command;
    }

    private static Command Restart()
    {
        var all = new Argument<string>("what") { Description = "all" };
        all.AcceptOnlyFromAmong("all");
        var name = LabName.Option();
        var command = new Command("restart", "Power loss: every pod killed at once; the controllers bring them back with their volumes.") { all, name };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!, new LabRequest("restart-all"), cancel));
        return command;
    }

    private static Command Client()
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "The client pod's namespace.", DefaultValueFactory = _ => "default" };
        var cmd = CommandArgument();
        var name = LabName.Option();
        var command = new Command("client", "Run a command in a throwaway client pod (the Redis image) of a namespace, e.g. to try network policies; exits with its status.") { ns, name, cmd };
        command.SetAction((parse, cancel) => LabName.SendAsync(parse.GetValue(name)!,
            new LabRequest("client") { Namespace = parse.GetValue(ns), Command = parse.GetValue(cmd) }, cancel));
        return command;
    }
}
