using System.Globalization;

namespace RedisHa.Lab.Bench;

/// <summary>CPU time used so far by a set of processes, from /proc/PID/stat (utime + stime, in clock ticks of 10 ms).</summary>
public static class ProcessCpu
{
    // USER_HZ is 100 on every Linux architecture this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Used(IEnumerable<int> pids) => TimeSpan.FromSeconds(pids.Sum(Ticks) / TicksPerSecond);

    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // the process is gone
        }
    }
}
