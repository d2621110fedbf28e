using System.CommandLine;
using RedisHa.Cli.Commands;

var root = new RootCommand("redis-ha: Redis with Sentinel failover behind one endpoint, for Kubernetes and a local failover lab.");
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(LabCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
// Without a termination timeout Ctrl-C ends the process at once; with it the commands' cancellation
// token fires and their cleanup runs (a paused node is resumed, a partition healed, a half-started lab stopped).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
