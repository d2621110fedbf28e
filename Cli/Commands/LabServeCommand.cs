using System.CommandLine;
using System.Text.Json;
using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab serve`: the lab's background process, started by `lab up` (not meant to be typed).</summary>
internal static class LabServeCommand
{
    public static Command Create()
    {
        var name = LabName.Option();
        var command = new Command("serve", "Run a lab in the foreground (lab up starts this in the background).") { Hidden = true };
        command.Options.Add(name);
        command.SetAction(async (parse, cancel) =>
        {
            var settings = LabName.Settings(parse.GetValue(name)!);
            var file = Path.Combine(settings.Directory, LabUpCommand.OptionsFile);
            var options = JsonSerializer.Deserialize<RedisHaOptions>(File.ReadAllText(file), LabControlServer.Json)!;
            File.Delete(file);
            return await LabHost.RunAsync(options, settings with { Password = options.Password }, cancel);
        });
        return command;
    }
}
