using System.Text;
using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Lays out the volumes of a pod as the kubelet does: ConfigMap and Secret volumes as files with
/// their keys, items and modes; emptyDir as a folder (medium Memory: a tmpfs with its sizeLimit);
/// a volume claim as the claim's folder, which outlives the pod; fsGroup ownership.
/// </summary>
/// <remarks>
/// ConfigMap and Secret files are plain files, not the kubelet's "..data" symlink swap: the lab
/// writes them once per pod start and never updates them in place.
/// </remarks>
public static class PodVolumes
{
    /// <summary>The kubelet's default mode of ConfigMap and Secret files (0644).</summary>
    public const int DefaultFileMode = 420;

    /// <summary>The folder under a pod's directory that holds its ConfigMap, Secret and emptyDir volumes.</summary>
    public const string VolumesFolder = "volumes";

    /// <summary>
    /// Materializes every volume of <paramref name="pod"/> under <paramref name="podDirectory"/>
    /// and returns volume name → host path. <paramref name="claims"/> maps a volume name to the
    /// claim folder the controller chose (StatefulSet: data-&lt;pod&gt;). An unknown ConfigMap or
    /// Secret is an error naming it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Materialize(V1PodSpec pod, string podDirectory,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets,
        IReadOnlyDictionary<string, string> claims)
    {
        var volumesRoot = Path.Combine(Path.GetFullPath(podDirectory), VolumesFolder);
        Directory.CreateDirectory(volumesRoot);
        var security = pod.SecurityContext;
        var result = new Dictionary<string, string>();
        foreach (var volume in pod.Volumes ?? [])
        {
            var folder = Path.Combine(volumesRoot, volume.Name);
            result[volume.Name] = volume switch
            {
                { ConfigMap: { } source } => WriteConfigMap(volume.Name, source, folder, configMaps, security),
                { Secret: { } source } => WriteSecret(volume.Name, source, folder, secrets, security),
                { EmptyDir: { } source } => MakeEmptyDir(source, folder, security),
                { PersistentVolumeClaim: { } source } => PrepareClaim(ClaimFolder(volume.Name, source.ClaimName, claims), volumesRoot, security),
                _ => throw new NotSupportedException($"volume '{volume.Name}': only configMap, secret, emptyDir and persistentVolumeClaim volumes are supported by the lab"),
            };
        }
        // A StatefulSet's volumeClaimTemplates are no volumes of the pod spec: the caller names them in claims.
        foreach (var (name, folder) in claims)
            if (!result.ContainsKey(name)) result[name] = PrepareClaim(folder, volumesRoot, security);
        return result;
    }

    /// <summary>Unmounts what <see cref="Materialize"/> mounted (tmpfs) and removes the pod's volume folders, never a claim's.</summary>
    public static void Remove(string podDirectory)
    {
        var volumesRoot = Path.Combine(Path.GetFullPath(podDirectory), VolumesFolder);
        if (!Directory.Exists(volumesRoot)) return;
        foreach (var mount in UnixFiles.MountsUnder(volumesRoot))
            if (!UnixFiles.Unmount(mount)) throw new IOException($"could not unmount {mount}");
        // Claims live outside this folder (Materialize refuses one inside), so this never deletes data.
        Directory.Delete(volumesRoot, recursive: true);
    }

    private static string ClaimFolder(string volume, string claimName, IReadOnlyDictionary<string, string> claims) =>
        claims.TryGetValue(volume, out var folder) || claims.TryGetValue(claimName, out folder)
            ? folder
            : throw new InvalidOperationException($"volume '{volume}': PersistentVolumeClaim '{claimName}' has no folder");

    private static string WriteConfigMap(string volume, V1ConfigMapVolumeSource source, string folder,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, V1PodSecurityContext? security)
    {
        var found = configMaps.TryGetValue(source.Name, out var configMap);
        if (!found && source.Optional != true) throw new InvalidOperationException($"volume '{volume}': ConfigMap '{source.Name}' not found");
        var content = new Dictionary<string, byte[]>();
        foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>()) content[key] = Encoding.UTF8.GetBytes(value);
        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>()) content[key] = value;
        return WriteFiles(volume, $"ConfigMap '{source.Name}'", content, source.Items, source.DefaultMode, source.Optional == true, folder, security);
    }

    private static string WriteSecret(string volume, V1SecretVolumeSource source, string folder,
        IReadOnlyDictionary<string, V1Secret> secrets, V1PodSecurityContext? security)
    {
        var found = secrets.TryGetValue(source.SecretName, out var secret);
        if (!found && source.Optional != true) throw new InvalidOperationException($"volume '{volume}': Secret '{source.SecretName}' not found");
        var content = new Dictionary<string, byte[]>();
        foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>()) content[key] = value;
        foreach (var (key, value) in secret?.StringData ?? new Dictionary<string, string>()) content[key] = Encoding.UTF8.GetBytes(value);
        return WriteFiles(volume, $"Secret '{source.SecretName}'", content, source.Items, source.DefaultMode, source.Optional == true, folder, security);
    }

    private static string WriteFiles(string volume, string what, IReadOnlyDictionary<string, byte[]> content, IList<V1KeyToPath>? items,
        int? defaultMode, bool optional, string folder, V1PodSecurityContext? security)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var files = items is { Count: > 0 }
            ? items.Select(item => (item.Key, item.Path, Mode: item.Mode ?? defaultMode))
            : content.Keys.Select(key => (Key: key, Path: key, Mode: defaultMode));
        foreach (var (key, relative, mode) in files)
        {
            if (!content.TryGetValue(key, out var bytes))
            {
                if (optional) continue;
                throw new InvalidOperationException($"volume '{volume}': key '{key}' not found in {what}");
            }
            var file = InsideFolder(folder, relative, volume);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
            UnixFiles.SetMode(file, (UnixFileMode)(mode ?? DefaultFileMode));
        }
        // The kubelet's SetVolumeOwnership for a read-only volume: group fsGroup, group-readable.
        if (security?.FsGroup is { } group) ApplyGroup(folder, group, readOnly: true);
        return folder;
    }

    private static string MakeEmptyDir(V1EmptyDirVolumeSource source, string folder, V1PodSecurityContext? security)
    {
        if (UnixFiles.MountsUnder(folder).Count == 0)
        {
            Directory.CreateDirectory(folder);
            if (source.Medium == "Memory")
            {
                var options = "mode=0777" + (source.SizeLimit is { } limit ? $",size={(long)limit.ToDecimal()}" : "");
                var (code, output) = HostPrograms.Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder);
                if (code != 0) throw new InvalidOperationException($"mount tmpfs on {folder} failed: {output}");
            }
        }
        // The kubelet creates an emptyDir world-writable.
        UnixFiles.SetMode(folder, (UnixFileMode)0b111_111_111);
        if (security?.FsGroup is { } group) ApplyGroup(folder, group, readOnly: false);
        return folder;
    }

    private static string PrepareClaim(string folder, string volumesRoot, V1PodSecurityContext? security)
    {
        var full = Path.GetFullPath(folder);
        if (full == volumesRoot || full.StartsWith(volumesRoot + "/", StringComparison.Ordinal))
            throw new InvalidOperationException($"claim folder {full} lies inside the pod's volume folder {volumesRoot}, which is deleted with the pod");
        Directory.CreateDirectory(full);
        if (security?.FsGroup is not { } group) return full;
        // OnRootMismatch skips the recursive walk of a large data folder once its root is right.
        if (security.FsGroupChangePolicy == "OnRootMismatch" && UnixFiles.GroupOf(full) == group) return full;
        ApplyGroup(full, group, readOnly: false);
        return full;
    }

    /// <summary>
    /// The kubelet's volume ownership for fsGroup (SetVolumeOwnership): every file and folder gets
    /// the group; modes gain 0440 (read-only volume) or 0660, folders also 0110 and setgid so new
    /// files inherit the group.
    /// </summary>
    private static void ApplyGroup(string folder, long group, bool readOnly)
    {
        var mask = readOnly ? 0b100_100_000 : 0b110_110_000;
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Prepend(folder))
        {
            if (new FileInfo(path).LinkTarget is not null) continue;
            UnixFiles.Chown(path, -1, group);
            var extra = Directory.Exists(path) ? mask | 0b010_001_001_000 : mask;
            UnixFiles.SetMode(path, UnixFiles.GetMode(path) | (UnixFileMode)extra);
        }
    }

    private static string InsideFolder(string folder, string relative, string volume)
    {
        var path = Path.GetFullPath(Path.Combine(folder, relative));
        if (Path.IsPathRooted(relative) || !path.StartsWith(folder + "/", StringComparison.Ordinal))
            throw new InvalidOperationException($"volume '{volume}': item path '{relative}' leaves the volume");
        return path;
    }
}
