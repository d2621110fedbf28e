using System.CommandLine;
using System.Text.Json;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab up`: starts a lab in the background and prints how to reach it.</summary>
internal static class LabUpCommand
{
    public static Command Create()
    {
        var input = new ConfigInput();
        var profile = new Option<string?>("--profile") { Description = "Failover profile: default or fast (same as --set failoverProfile=...)." };
        var json = new Option<bool>("--json") { Description = "Print endpoint, password and sentinels as one JSON object." };
        var name = LabName.Option();
        var command = new Command("up", "Start a lab and wait until its endpoint accepts writes.");
        input.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(json);
        command.Options.Add(name);
        command.SetAction(async (parse, cancel) =>
        {
            var chosen = parse.GetValue(profile);
            var spec = input.Load(parse, Console.Error, o => chosen is null ? o : o with { FailoverProfile = chosen });
            if (spec is null) return ConfigInput.InvalidInputExitCode;
            var progress = new Progress<string>(m => Console.Error.WriteLine($"  {m}"));
            LabCluster lab;
            try
            {
                lab = await LabCluster.StartAsync(spec.Options, LabName.Settings(parse.GetValue(name)!), progress, cancel);
            }
            catch (InvalidOptionsException e)
            {
                foreach (var problem in e.Problems) Console.Error.WriteLine($"error: {problem}");
                return ConfigInput.InvalidInputExitCode;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    endpoint = lab.Endpoint, password = lab.Password, sentinels = lab.Sentinels, masterName = lab.Spec.MasterName,
                    readEndpoint = lab.ReadEndpoint, caFile = lab.CaFile,
                }));
            }
            else
            {
                Console.WriteLine($"endpoint: {lab.Endpoint}");
                Console.WriteLine($"password: {lab.Password}");
                Console.WriteLine($"sentinels: {string.Join(',', lab.Sentinels)}");
                if (lab.ReadEndpoint is not null) Console.WriteLine($"read-endpoint: {lab.ReadEndpoint}");
                // A TLS lab's clients must trust its throwaway CA (redis-cli --tls --cacert FILE).
                if (lab.CaFile is not null) Console.WriteLine($"ca: {lab.CaFile}");
            }
            return 0;
        });
        return command;
    }
}
