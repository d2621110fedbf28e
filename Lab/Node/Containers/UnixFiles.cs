using System.Runtime.InteropServices;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Modes, owners and mounts of the lab's own files (root file systems, pod volumes). .NET has no
/// chown or mount; the lab runs on Linux only, which the guards tell the platform analyzer.
/// </summary>
internal static partial class UnixFiles
{
    private const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);

    public static UnixFileMode GetMode(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException();
        return File.GetUnixFileMode(path);
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Changes owner and/or group (-1 keeps it) of the path itself, never of a symlink's target.</summary>
    public static void Chown(string path, long owner, long group)
    {
        if (LChown(path, (int)owner, (int)group) != 0)
            throw new IOException($"chown {owner}:{group} {path} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>The group owning <paramref name="path"/>.</summary>
    public static long GroupOf(string path)
    {
        var (code, output) = HostPrograms.Run("stat", "-c", "%g", path);
        return code == 0 ? long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : throw new IOException($"stat {path} failed: {output}");
    }

    /// <summary>Detaches the mount at <paramref name="target"/>; false when nothing was mounted there.</summary>
    public static bool Unmount(string target) => Umount2(target, MntDetach) == 0;

    /// <summary>The mount points at or below <paramref name="folder"/>, deepest first (from this process's mountinfo).</summary>
    public static IReadOnlyList<string> MountsUnder(string folder)
    {
        var prefix = Path.GetFullPath(folder).TrimEnd('/');
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point == prefix || point.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(point => point.Length)
            .ToList();
    }
}
