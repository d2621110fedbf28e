using System.Globalization;

namespace RedisHa.Lab.Processes;

/// <summary>
/// A process the lab started, identified by pid and kernel start time: after a reboot or pid reuse
/// the same pid can be another program, and the lab must never signal a process it did not start.
/// Each runs in its own session (setsid), so its pid is also its process group: signalling the
/// group reaches the short-lived redis-cli children of a script too.
/// </summary>
public sealed record LabProcess(string Name, int Pid, long StartTicks, string LogFile)
{
    public static LabProcess Adopt(string name, int pid, string logFile) => new(name, pid, ReadStartTicks(pid) ?? -1, logFile);

    /// <summary>True while the very process the lab started is alive (not a zombie).</summary>
    public bool IsAlive
    {
        get
        {
            var stat = ReadStat(Pid);
            return stat is not null && ParseStartTicks(stat) == StartTicks && ParseState(stat) is not ('Z' or 'X');
        }
    }

    public bool IsStopped => ReadStat(Pid) is { } stat && ParseStartTicks(stat) == StartTicks && ParseState(stat) == 'T';

    public bool Signal(int signal, bool wholeGroup = true)
    {
        if (!IsAlive) return false;
        return PosixSignals.Send(wholeGroup ? -Pid : Pid, signal) || PosixSignals.Send(Pid, signal);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; returns once the process is gone.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!IsAlive) return;
        Signal(PosixSignals.SigCont);
        Signal(PosixSignals.SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive && DateTime.UtcNow < deadline) await Task.Delay(20);
        if (IsAlive) Signal(PosixSignals.SigKill);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (IsAlive && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    public async Task KillAsync()
    {
        Signal(PosixSignals.SigKill);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (IsAlive && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    private static string? ReadStat(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static long? ReadStartTicks(int pid) => ReadStat(pid) is { } stat ? ParseStartTicks(stat) : null;

    // Fields after the parenthesised command name: state is field 3, starttime field 22.
    private static string[] FieldsAfterName(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    private static char ParseState(string stat) => FieldsAfterName(stat)[0][0];
    private static long ParseStartTicks(string stat) => long.Parse(FieldsAfterName(stat)[19], CultureInfo.InvariantCulture);
}
