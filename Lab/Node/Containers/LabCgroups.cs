using System.Globalization;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// The cgroups of one lab's containers: one parent per state folder in every hierarchy
/// (hybrid mode: each v1 controller, name=systemd and the unified one), so they can be found and
/// removed without touching any other cgroup of the machine.
/// </summary>
internal sealed class LabCgroups(string parentName)
{
    private const string Root = "/sys/fs/cgroup";

    public string ParentName { get; } = parentName;

    public string PathOf(string containerId) => $"/{ParentName}/{containerId}";

    /// <summary>Every process still in one of the lab's cgroups.</summary>
    public IReadOnlyList<int> Processes() =>
        Parents().SelectMany(parent => Directory.EnumerateFiles(parent, "cgroup.procs", SearchOption.AllDirectories))
            .SelectMany(ReadPids).Distinct().ToList();

    /// <summary>The processes in one container's cgroup (read from the first hierarchy that has it).</summary>
    public IReadOnlyList<int> ProcessesOf(string containerId) =>
        Parents().Select(parent => Path.Combine(parent, containerId, "cgroup.procs")).Where(File.Exists)
            .Select(ReadPids).FirstOrDefault(pids => pids.Any())?.ToList() ?? [];

    /// <summary>Removes the lab's cgroups, deepest first; a cgroup that still holds a process stays (and is reported).</summary>
    public IReadOnlyList<string> Remove()
    {
        var left = new List<string>();
        foreach (var parent in Parents())
        {
            var folders = Directory.EnumerateDirectories(parent, "*", SearchOption.AllDirectories).Append(parent).OrderByDescending(folder => folder.Length);
            foreach (var folder in folders)
            {
                try { Directory.Delete(folder); }
                catch (IOException) { left.Add(folder); }
                catch (UnauthorizedAccessException) { left.Add(folder); }
            }
        }
        return left;
    }

    private IEnumerable<string> Parents() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(hierarchy => Path.Combine(hierarchy, ParentName)).Where(Directory.Exists).ToList()
            : [];

    private static IEnumerable<int> ReadPids(string file)
    {
        try
        {
            return File.ReadAllLines(file).Where(line => line.Length > 0).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
