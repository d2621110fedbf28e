using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace RedisHa.Lab.Node.Containers;

/// <summary>The small table from image names to their stand-ins (redis:* → redis-server 7.0, haproxy:* → haproxy 2.6, ...).</summary>
public static partial class ImageCatalog
{
    /// <summary>The image of the pod sandbox (its PID 1 reaps orphans, as Kubernetes' pause image does).</summary>
    public const string PauseImage = "registry.k8s.io/pause";

    private static readonly ConcurrentDictionary<string, Lazy<string>> Versions = new();

    /// <summary>The stand-in for an image; an image the table does not know is an error naming it.</summary>
    public static ImageStandIn Resolve(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        return RepositoryName(image) switch
        {
            "redis" => Redis(image),
            "haproxy" => Haproxy(image),
            "redis_exporter" => Exporter(image),
            "pause" => Pause(image),
            _ => throw new ArgumentException($"image '{image}' has no stand-in in the lab (known: redis:*, haproxy:*, */redis_exporter:*, {PauseImage})", nameof(image)),
        };
    }

    /// <summary>The last path segment of the repository: "docker.io/library/redis:7.2.5-alpine" → "redis".</summary>
    private static string RepositoryName(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash) name = name[..colon];
        return name[(lastSlash + 1)..].ToLowerInvariant();
    }

    private static ImageStandIn Redis(string image)
    {
        // Debian's redis-server and redis-sentinel are one program (redis-check-rdb) that picks its
        // role from argv[0]; the image's layout is /usr/local/bin/redis-{server,sentinel,cli}.
        var server = HostPrograms.Find("redis-server");
        var version = VersionOf("redis-server", () => Match(RedisVersion(), HostPrograms.Run("redis-server", "--version").Output));
        return new ImageStandIn(image, "redis-server", version,
            ["/usr/local/bin/redis-server", "/usr/local/bin/redis-sentinel", "/usr/local/bin/redis-cli"])
        {
            HostPaths = new Dictionary<string, string>
            {
                ["/usr/local/bin/redis-server"] = server,
                ["/usr/local/bin/redis-sentinel"] = HostPrograms.Find("redis-sentinel"),
                ["/usr/local/bin/redis-cli"] = HostPrograms.Find("redis-cli"),
            },
            DefaultArgs = ["redis-server"],
            WorkingDirectory = "/data",
            RootFilesystemName = "redis",
        };
    }

    private static ImageStandIn Haproxy(string image)
    {
        var version = VersionOf("haproxy", () => Match(HaproxyVersion(), HostPrograms.Run("haproxy", "-v").Output));
        return new ImageStandIn(image, "haproxy", version, ["/usr/local/sbin/haproxy"])
        {
            HostPaths = new Dictionary<string, string> { ["/usr/local/sbin/haproxy"] = HostPrograms.Find("haproxy") },
            DefaultArgs = ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"],
            WorkingDirectory = "/var/lib/haproxy",
            StopSignal = "USR1",
            RootFilesystemName = "haproxy",
        };
    }

    private static ImageStandIn Exporter(string image)
    {
        var version = VersionOf("prometheus-redis-exporter", () => Match(ExporterVersion(), HostPrograms.Run("prometheus-redis-exporter", "--version").Output));
        return new ImageStandIn(image, "prometheus-redis-exporter", version, ["/redis_exporter"])
        {
            HostPaths = new Dictionary<string, string> { ["/redis_exporter"] = HostPrograms.Find("prometheus-redis-exporter") },
            Entrypoint = ["/redis_exporter"],
            RootFilesystemName = "redis_exporter",
        };
    }

    private static ImageStandIn Pause(string image)
    {
        var version = VersionOf("catatonit", () => Match(CatatonitVersion(), HostPrograms.Run("catatonit", "--version").Output));
        // catatonit -P is a pause process: no child, PID 1 that reaps whatever is re-parented to it.
        return new ImageStandIn(image, "catatonit", version, ["/pause"])
        {
            HostPaths = new Dictionary<string, string> { ["/pause"] = HostPrograms.Find("catatonit") },
            Entrypoint = ["/pause"],
            DefaultArgs = ["-P"],
            StopSignal = "INT",
            RootFilesystemName = "pause",
        };
    }

    private static string VersionOf(string program, Func<string> read) =>
        Versions.GetOrAdd(program, _ => new Lazy<string>(read)).Value;

    private static string Match(Regex pattern, string output)
    {
        var match = pattern.Match(output);
        return match.Success ? match.Groups[1].Value : "unknown";
    }

    [GeneratedRegex(@"v=(\S+)")]
    private static partial Regex RedisVersion();

    [GeneratedRegex(@"version (\S+)")]
    private static partial Regex HaproxyVersion();

    [GeneratedRegex(@"Exporter v?(\S+)")]
    private static partial Regex ExporterVersion();

    [GeneratedRegex(@"version (\S+)")]
    private static partial Regex CatatonitVersion();
}
