using System.CommandLine;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>
/// `redis-ha lab down`: stops every pod and removes every namespace, rule, mount and the folder;
/// returns once every process is gone. Works from the lab's folder if its process died. Idempotent.
/// </summary>
internal static class LabDownCommand
{
    public static Command Create()
    {
        var name = LabName.Option();
        var command = new Command("down", "Stop every pod of the lab and remove everything it made (does nothing if it is not up).");
        command.Options.Add(name);
        command.SetAction(async parse =>
        {
            var settings = LabName.Settings(parse.GetValue(name)!);
            var record = LabRecord.Load(settings.Directory);
            if (record is null && !Directory.Exists(settings.Directory))
            {
                Console.Error.WriteLine("no lab is up; nothing to do");
                return 0;
            }
            if (await LabControlClient.SendAsync(settings.Directory, new LabRequest("down")) is not null && record is not null)
                await WaitForExitAsync(record.Host, TimeSpan.FromSeconds(60));
            // Whatever the process did not remove (or all of it, when the process was gone).
            await PodLab.DestroyAsync(settings.Directory);
            Console.Error.WriteLine("lab is down");
            return 0;
        });
        return command;
    }

    private static async Task WaitForExitAsync(RedisHa.Lab.Processes.LabProcess host, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (host.IsAlive && DateTime.UtcNow < deadline) await Task.Delay(100);
    }
}
