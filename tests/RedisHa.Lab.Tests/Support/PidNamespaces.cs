using System.Globalization;

namespace RedisHa.Lab.Tests.Support;

/// <summary>Looks at the processes of the PID namespaces a pod's containers live in, from the host's /proc.</summary>
public static class PidNamespaces
{
    /// <summary>Host pids in the same PID namespace as any of <paramref name="pids"/> whose state is Z (zombie).</summary>
    public static IReadOnlyList<int> Zombies(IEnumerable<int> pids)
    {
        var namespaces = pids.Select(NamespaceOf).OfType<string>().ToHashSet();
        var zombies = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)) continue;
            if (NamespaceOf(pid) is not { } ns || !namespaces.Contains(ns)) continue;
            if (State(pid) == 'Z') zombies.Add(pid);
        }
        return zombies;
    }

    /// <summary>"pid (name) parent PPID (parent's name)" of a process, for messages; null once it is gone.</summary>
    public static string? Describe(int pid)
    {
        if (Stat(pid) is not { } stat) return null;
        var parent = stat.Fields[1];
        var parentName = File.Exists($"/proc/{parent}/comm") ? $"({File.ReadAllText($"/proc/{parent}/comm").Trim()})" : "";
        return $"{pid} {stat.Name} parent {parent} {parentName}";
    }

    private static string? NamespaceOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static char? State(int pid) => Stat(pid)?.Fields[0][0];

    /// <summary>
    /// /proc/PID/stat as the name in parentheses and the fields after it (state, parent pid ...);
    /// split after the last ')', since the name itself may hold spaces and parentheses.
    /// </summary>
    private static (string Name, string[] Fields)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return (stat[stat.IndexOf('(')..(close + 1)], stat[(close + 2)..].Split(' '));
        }
        catch (IOException) { return null; }
    }
}
