using System.Diagnostics;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab.Node.Containers;

/// <summary>Kills and deletes every container of one state folder, waits until no process of theirs is left, and removes their cgroups and the folder.</summary>
internal sealed class LabTeardown(RuncCli runc, LabCgroups cgroups)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    public async Task RunAsync()
    {
        var ids = await runc.ListAsync();
        var pids = new HashSet<int>();
        foreach (var id in ids)
        {
            pids.UnionWith(await runc.ProcessesAsync(id));
            // A frozen process does not die of SIGKILL until it is thawed.
            if (await runc.StateAsync(id) is { Status: "paused" }) await runc.RunAsync("resume", id);
            await runc.RunAsync("kill", "--all", id, "KILL");
        }
        // Whatever is still in the lab's cgroups is the lab's, even if runc lost track of it.
        foreach (var pid in cgroups.Processes())
        {
            pids.Add(pid);
            PosixSignals.Send(pid, PosixSignals.SigCont);
            PosixSignals.Send(pid, PosixSignals.SigKill);
        }
        await WaitUntilGoneAsync(pids);
        foreach (var id in ids) await runc.RunAsync("delete", "--force", id);
        var left = cgroups.Remove();
        if (left.Count > 0) throw new InvalidOperationException($"cgroups still in use after teardown: {string.Join(", ", left)}");
        if (Directory.Exists(runc.StateDirectory)) Directory.Delete(runc.StateDirectory, recursive: true);
    }

    private static async Task WaitUntilGoneAsync(IReadOnlyCollection<int> pids)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(IsAlive))
        {
            if (clock.Elapsed > ExitTimeout)
                throw new InvalidOperationException($"processes still alive after teardown: {string.Join(", ", pids.Where(IsAlive))}");
            await Task.Delay(20);
        }
    }

    /// <summary>A zombie has ended; its parent (runc) reaps it.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
