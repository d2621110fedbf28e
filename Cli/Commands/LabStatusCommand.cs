using System.CommandLine;
using System.Text.Json;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab status` and `lab get pods`: pods, Services, roles, what each sentinel names, where each HAProxy routes.</summary>
internal static class LabStatusCommand
{
    public static Command Create()
    {
        var name = LabName.Option();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: pods, services, nodes, routes, master." };
        var command = new Command("status", "Show pods, Services and their endpoints, each node's role, the master each sentinel names, and where each HAProxy routes.");
        command.Options.Add(name);
        command.Options.Add(json);
        command.SetAction(async (parse, cancel) =>
        {
            if (await LabName.QueryAsync<LabSnapshot>(parse.GetValue(name)!, new LabRequest("status"), cancel) is not { } s) return 1;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(s, LabControlServer.Json));
                return 0;
            }
            PrintPods(s);
            Console.WriteLine();
            Console.WriteLine($"{"SERVICE",-28}{"CLUSTER-IP",-16}ENDPOINTS");
            foreach (var svc in s.Services) Console.WriteLine($"{svc.Name,-28}{svc.ClusterIp,-16}{string.Join(',', svc.Endpoints)}");
            Console.WriteLine();
            Console.WriteLine($"master: {(s.Master is { } m ? s.Nodes[m].Pod : "none (no node is named by a quorum and answers master)")}   endpoint {s.Endpoint}");
            foreach (var n in s.Nodes) Console.WriteLine($"  {n.Pod,-22} {n.Role ?? "down",-8} its sentinel names {(n.SentinelNames is { } o ? s.Nodes[o].Pod : "-")}");
            foreach (var r in s.Routes)
                Console.WriteLine($"  {r.Pod,-28} routes to {(r.RoutesTo is null ? "? (no answer)" : r.RoutesTo.Count == 0 ? "nothing: no master approved" : string.Join(',', r.RoutesTo.Select(o => s.Nodes[o].Pod)))}");
            return 0;
        });
        return command;
    }

    /// <summary>`lab get pods`: NAME, IP, READY, RESTARTS, ROLE, as kubectl get pods -o wide would show them.</summary>
    public static Command Get()
    {
        var what = new Argument<string>("resource") { Description = "pods" };
        what.AcceptOnlyFromAmong("pods", "pod", "po");
        var name = LabName.Option();
        var command = new Command("get", "List the lab's pods: name, IP, ready, restarts, role.") { what, name };
        command.SetAction(async (parse, cancel) =>
        {
            if (await LabName.QueryAsync<LabSnapshot>(parse.GetValue(name)!, new LabRequest("status"), cancel) is not { } s) return 1;
            PrintPods(s);
            return 0;
        });
        return command;
    }

    private static void PrintPods(LabSnapshot s)
    {
        Console.WriteLine($"{"NAME",-34}{"NAMESPACE",-12}{"IP",-15}{"READY",-7}{"RESTARTS",-10}ROLE");
        foreach (var p in s.Pods)
            Console.WriteLine($"{p.Name,-34}{p.Namespace,-12}{p.Ip ?? "-",-15}{(p.Ready ? "true" : "false"),-7}{p.Restarts.Values.Sum(),-10}{p.Role ?? ""}");
    }
}
