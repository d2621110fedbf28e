using System.CommandLine;
using System.Text.Json;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab status`: each node's role, each sentinel's view, each proxy's route.</summary>
internal static class LabStatusCommand
{
    public static Command Create()
    {
        var name = LabName.Option();
        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var command = new Command("status", "Show each node's role, the master each sentinel names, and where each HAProxy routes.");
        command.Options.Add(name);
        command.Options.Add(json);
        command.SetAction(async parse =>
        {
            var lab = LabName.Attach(parse.GetValue(name)!, Console.Error);
            if (lab is null) return 1;
            var status = await lab.StatusAsync();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(status, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Console.WriteLine($"endpoint {lab.Endpoint}   profile {lab.Spec.Timings.ProfileName}   quorum {lab.Spec.Quorum}" +
                (lab.ReadEndpoint is null ? "" : $"   read endpoint {lab.ReadEndpoint}") + (lab.CaFile is null ? "" : $"   TLS, CA {lab.CaFile}"));
            Console.WriteLine($"{"NODE",-8}{"ADDRESS",-18}{"ROLE",-9}{"SENTINEL SAYS",-18}{"PROCESSES",-26}NOTE");
            foreach (var n in status.Nodes)
            {
                var note = string.Join(' ', new[] { n.Partitioned ? "partitioned" : null, n.Paused ? "paused" : null }.OfType<string>());
                Console.WriteLine($"{"node-" + n.Ordinal,-8}{n.Address,-18}{n.Role ?? "down",-9}{n.SentinelNamesMaster ?? "-",-18}{string.Join(',', n.RunningProcesses),-26}{note}");
            }
            foreach (var p in status.Proxies)
            {
                var routes = p.RoutesTo.Count == 0 ? "no master approved: refusing connections" : string.Join(',', p.RoutesTo.Select(o => $"node-{o} ({lab.Nodes[o].Address})"));
                Console.WriteLine($"proxy-{p.Index}  {p.Address,-16} {(p.Running ? "running" : "stopped"),-8} routes to {routes}");
                Console.WriteLine($"         metrics {lab.Proxies[p.Index].StatsUrl}/metrics   stats {lab.Proxies[p.Index].StatsUrl}/stats");
            }
            return 0;
        });
        return command;
    }
}
