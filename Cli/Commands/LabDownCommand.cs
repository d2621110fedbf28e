using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab down`: stops every process of the lab and removes its state. Idempotent.</summary>
internal static class LabDownCommand
{
    public static Command Create()
    {
        var name = LabName.Option();
        var command = new Command("down", "Stop every process of the lab and remove its state (does nothing if it is not up).");
        command.Options.Add(name);
        command.SetAction(async parse =>
        {
            var lab = RedisHa.Lab.LabCluster.Attach(LabName.Settings(parse.GetValue(name)!));
            if (lab is null)
            {
                Console.Error.WriteLine("no lab is up; nothing to do");
                return 0;
            }
            await lab.DownAsync();
            Console.Error.WriteLine("lab is down");
            return 0;
        });
        return command;
    }
}
