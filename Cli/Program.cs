using System.CommandLine;
using RedisHa.Cli.Commands;

var root = new RootCommand("redis-ha: Redis with Sentinel failover behind one endpoint, for Kubernetes and a local failover lab.");
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(LabCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
