using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Root file systems built from this machine's files, one per image stand-in, kept under one folder
/// and built on first use (thread-safe): busybox as /bin/sh and its applets, getent, the stand-in's
/// executables and the libraries they load, /etc/passwd and /etc/group with the images' users.
/// </summary>
/// <remarks>
/// Every container of an image shares its root file system read-only, so the mount points the
/// pods use (volume folders, the files bound over /etc/hosts ...) are made here, once. A mount
/// point no spec known here uses is still created by runc before it makes the root read-only:
/// an empty file or folder in this lab folder, the same for every container. Files are copies,
/// never bind mounts of the host's own paths.
/// </remarks>
public sealed partial class RootFilesystems(string directory)
{
    private const string CompleteMarker = ".rha-rootfs-complete";

    private static readonly string[] MountPoints =
    [
        "proc", "dev", "sys", "tmp", "run", "data", "etc", "root", "home", "mnt", "opt", "srv", "var/lib", "var/log",
        "var/lib/haproxy", "usr/local/bin", "usr/local/sbin", "usr/local/etc", "usr/local/etc/haproxy",
        "usr/local/etc/redis", "etc/redis-ha", "opt/redis-ha", "run/redis-ha", "run/haproxy", "tls",
    ];

    private static readonly string[] NameServiceLibraries = ["libnss_files.so.2", "libnss_dns.so.2"];

    private readonly ConcurrentDictionary<string, Lazy<string>> built = new();

    public string Directory { get; } = directory;

    /// <summary>The folder of the root file system for <paramref name="image"/>, built if missing.</summary>
    public string For(ImageStandIn image) =>
        built.GetOrAdd(image.RootFilesystemName, _ => new Lazy<string>(() => Build(image), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private string Build(ImageStandIn image)
    {
        var target = Path.Combine(Path.GetFullPath(Directory), image.RootFilesystemName);
        if (File.Exists(Path.Combine(target, CompleteMarker))) return target;
        System.IO.Directory.CreateDirectory(Directory);
        // Built beside its final place and renamed, marker included, so a crash never leaves a half
        // root file system that looks whole, and a lab in another process never sees one either.
        var staging = $"{target}.building-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Populate(staging, image);
            File.WriteAllText(Path.Combine(staging, CompleteMarker), image.Version + "\n");
            // A folder without the marker is a crashed build: nobody runs from it.
            if (System.IO.Directory.Exists(target) && !File.Exists(Path.Combine(target, CompleteMarker)))
                System.IO.Directory.Delete(target, recursive: true);
            try
            {
                System.IO.Directory.Move(staging, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, CompleteMarker)))
            {
                // Another process finished the same build first: use its copy.
                System.IO.Directory.Delete(staging, recursive: true);
            }
            return target;
        }
        catch
        {
            if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static void Populate(string root, ImageStandIn image)
    {
        foreach (var folder in MountPoints) System.IO.Directory.CreateDirectory(Path.Combine(root, folder));
        UnixFiles.SetMode(Path.Combine(root, "tmp"), (UnixFileMode)0b1_111_111_111);

        var busybox = HostPrograms.Find("busybox");
        var getent = HostPrograms.Find("getent");
        var executables = new List<string> { busybox, getent };
        CopyFile(busybox, root, "/bin/busybox");
        foreach (var applet in Applets(busybox))
        {
            var link = Path.Combine(root, "bin", applet);
            if (!File.Exists(link)) File.CreateSymbolicLink(link, "busybox");
        }
        CopyFile(getent, root, "/usr/bin/getent");

        // Debian's redis-server and redis-sentinel are the same file: link, as the image does.
        var placed = new Dictionary<string, string>();
        foreach (var inside in image.Executables)
        {
            var host = image.HostPaths.TryGetValue(inside, out var path) ? path : throw new InvalidOperationException($"the stand-in of {image.Image} does not say where {inside} comes from");
            var real = Path.GetFullPath(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host);
            executables.Add(real);
            if (placed.TryGetValue(real, out var first) && Path.GetDirectoryName(first) == Path.GetDirectoryName(inside))
            {
                var link = Path.Combine(root, inside.TrimStart('/'));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, Path.GetFileName(first));
                continue;
            }
            CopyFile(real, root, inside);
            placed[real] = inside;
        }

        // getent resolves names through NSS, which glibc loads by name at run time (ldd cannot see it).
        var libraryFolder = Path.GetDirectoryName(SharedLibraries(getent).First(library => Path.GetFileName(library).StartsWith("libc.so", StringComparison.Ordinal)))!;
        foreach (var nss in NameServiceLibraries)
        {
            var library = Path.Combine(libraryFolder, nss);
            if (!File.Exists(library)) throw new InvalidOperationException($"{library} is missing (apt-get install libc6)");
            CopyFile(library, root, library);
            executables.Add(library);
        }
        foreach (var library in executables.SelectMany(SharedLibraries).Distinct())
            CopyFile(library, root, library);

        WriteEtc(root);
    }

    private static void WriteEtc(string root)
    {
        var etc = Path.Combine(root, "etc");
        File.WriteAllText(Path.Combine(etc, "passwd"), ImageUsers.Passwd());
        File.WriteAllText(Path.Combine(etc, "group"), ImageUsers.Group());
        File.WriteAllText(Path.Combine(etc, "nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        // Mount targets of the files the kubelet binds into every container: created here so runc never writes into the shared root.
        foreach (var file in new[] { "hosts", "resolv.conf", "hostname" }) File.WriteAllText(Path.Combine(etc, file), "");
        // Alpine's /var/run is a link to /run.
        if (!Path.Exists(Path.Combine(root, "var", "run"))) File.CreateSymbolicLink(Path.Combine(root, "var", "run"), "../run");
    }

    private static IEnumerable<string> Applets(string busybox)
    {
        var (code, output) = HostPrograms.Run("busybox", "--list");
        if (code != 0) throw new InvalidOperationException($"{busybox} --list failed: {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(applet => applet != "busybox");
    }

    /// <summary>Every library <c>ldd</c> lists for <paramref name="executable"/>, the dynamic loader included; none for a static one.</summary>
    private static IEnumerable<string> SharedLibraries(string executable)
    {
        var (_, output) = HostPrograms.Run("ldd", executable);
        foreach (Match match in LddPath().Matches(output)) yield return match.Groups[1].Value;
    }

    /// <summary>Copies the content behind <paramref name="source"/> (symlinks followed) to <paramref name="inside"/> under the root.</summary>
    private static void CopyFile(string source, string root, string inside)
    {
        var destination = Path.Combine(root, inside.TrimStart('/'));
        if (File.Exists(destination)) return;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
        UnixFiles.SetMode(destination, UnixFiles.GetMode(source) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and the loader's "/lib64/ld-linux-x86-64.so.2 (0x...)".
    [GeneratedRegex(@"(?:=>\s*|^\s*)(/\S+)\s+\(0x", RegexOptions.Multiline)]
    private static partial Regex LddPath();
}
