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

    /// <summary>"pid (name) parent pid" of a process, for messages; null once it is gone.</summary>
    public static string? Describe(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var parent = stat[(close + 2)..].Split(' ')[1];
            return $"{pid} {stat[(stat.IndexOf('(') )..(close + 1)]} parent {parent} {Describe(parent)}";
        }
        catch (IOException) { return null; }
    }

    private static string Describe(string parent) =>
        File.Exists($"/proc/{parent}/comm") ? $"({File.ReadAllText($"/proc/{parent}/comm").Trim()})" : "";

    private static string? NamespaceOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (IOException) { return null; }
    }
}
