namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// A container's mounts: the usual kernel file systems, each volumeMount as a bind mount of the
/// volume's folder on this machine (read-only when asked, subPath and subPathExpr), and the files
/// the kubelet writes for every pod, read-only.
/// </summary>
internal static class ContainerMounts
{
    public static IEnumerable<OciMount> KernelFileSystems() =>
    [
        new("/proc", "proc", "proc", []),
        new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        new("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
        new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
    ];

    public static IEnumerable<OciMount> Volumes(ContainerRequest request, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var mount in request.Container.VolumeMounts ?? [])
        {
            if (!request.Volumes.TryGetValue(mount.Name, out var source))
                throw new InvalidOperationException($"container {request.Container.Name}: volumeMount '{mount.Name}' names no volume of the pod");
            var subPath = !string.IsNullOrEmpty(mount.SubPathExpr) ? VariableExpansion.Expand(mount.SubPathExpr, environment) : mount.SubPath;
            if (!string.IsNullOrEmpty(subPath))
            {
                var full = Path.GetFullPath(Path.Combine(source, subPath));
                if (Path.IsPathRooted(subPath) || !full.StartsWith(source.TrimEnd('/') + "/", StringComparison.Ordinal))
                    throw new InvalidOperationException($"container {request.Container.Name}: subPath '{subPath}' leaves volume '{mount.Name}'");
                if (!Path.Exists(full)) CreateSubPath(source, full);
                source = full;
            }
            yield return new OciMount(mount.MountPath, "bind", source, mount.ReadOnlyProperty == true ? ["rbind", "rprivate", "ro"] : ["rbind", "rprivate"]);
        }
    }

    /// <summary>The kubelet creates a missing subPath as folders with the mode of the volume's root (an emptyDir's 2777 stays writable for the fsGroup).</summary>
    private static void CreateSubPath(string volumeRoot, string subPath)
    {
        var mode = UnixFiles.GetMode(volumeRoot);
        var missing = new Stack<string>();
        for (var folder = subPath; !Path.Exists(folder); folder = Path.GetDirectoryName(folder)!) missing.Push(folder);
        foreach (var folder in missing)
        {
            Directory.CreateDirectory(folder);
            UnixFiles.SetMode(folder, mode);
        }
    }

    public static IEnumerable<OciMount> PodFiles(IEnumerable<PodFile> files) =>
        files.Select(file => new OciMount(file.Destination, "bind", file.Source, ["bind", "rprivate", "ro"]));
}
