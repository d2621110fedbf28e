using System.Globalization;

namespace RedisHa.Lab.Tests.Node;

/// <summary>The host's view of processes (/proc), to see what a container's PID 1 leaves behind.</summary>
public static class HostProcesses
{
    public sealed record Entry(int Pid, int ParentPid, char State, string Name);

    public static IReadOnlyList<Entry> ChildrenOf(int parentPid) => All().Where(entry => entry.ParentPid == parentPid).ToList();

    public static IReadOnlyList<Entry> ZombieChildrenOf(int parentPid) => ChildrenOf(parentPid).Where(entry => entry.State == 'Z').ToList();

    private static IEnumerable<Entry> All()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(folder, "stat")); }
            catch (IOException) { continue; }
            // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            yield return new Entry(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0], stat[(stat.IndexOf('(') + 1)..close]);
        }
    }
}
