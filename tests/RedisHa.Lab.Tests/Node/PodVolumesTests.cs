using System.Text;
using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

public sealed class PodVolumesTests : IDisposable
{
    private const long FsGroup = 999;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"rha-t-vol-{Guid.NewGuid():N}"[..20]);
    private readonly string claims = Path.Combine(Path.GetTempPath(), $"rha-t-claim-{Guid.NewGuid():N}"[..22]);

    private static readonly Dictionary<string, V1ConfigMap> ConfigMaps = new()
    {
        ["scripts"] = new V1ConfigMap { Data = new Dictionary<string, string> { ["redis.sh"] = "echo hi\n", ["other.sh"] = "true\n" } },
    };

    private static readonly Dictionary<string, V1Secret> Secrets = new()
    {
        ["tls"] = new V1Secret { Data = new Dictionary<string, byte[]> { ["tls.key"] = "KEY"u8.ToArray(), ["ca.crt"] = "CA"u8.ToArray() } },
    };

    [Fact]
    public void ConfigMapsAndSecretsBecomeFilesWithTheirModesAndTheFsGroup()
    {
        var pod = Pod(
            new V1Volume { Name = "scripts", ConfigMap = new V1ConfigMapVolumeSource { Name = "scripts", DefaultMode = 0b101_101_101 } },
            new V1Volume
            {
                Name = "tls",
                Secret = new V1SecretVolumeSource
                {
                    SecretName = "tls",
                    DefaultMode = 0b100_000_000,
                    Items = [new V1KeyToPath { Key = "tls.key", Path = "private/tls.key" }, new V1KeyToPath { Key = "ca.crt", Path = "ca.crt", Mode = 0b110_100_100 }],
                },
            });

        var volumes = PodVolumes.Materialize(pod, directory, ConfigMaps, Secrets, new Dictionary<string, string>());

        Assert.Equal("echo hi\n", File.ReadAllText(Path.Combine(volumes["scripts"], "redis.sh")));
        Assert.Equal("555 0 999", Stat(Path.Combine(volumes["scripts"], "redis.sh")));
        // defaultMode 0400 with an fsGroup: the kubelet adds group read (0440).
        Assert.Equal("KEY", File.ReadAllText(Path.Combine(volumes["tls"], "private", "tls.key")));
        Assert.Equal("440 0 999", Stat(Path.Combine(volumes["tls"], "private", "tls.key")));
        Assert.Equal("644 0 999", Stat(Path.Combine(volumes["tls"], "ca.crt")));
    }

    [Fact]
    public void AnEmptyDirIsGroupWritableAndSetgidAndAMemoryOneIsATmpfsWithItsSizeLimit()
    {
        var pod = Pod(
            new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "run", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("8Mi") } });

        var volumes = PodVolumes.Materialize(pod, directory, ConfigMaps, Secrets, new Dictionary<string, string>());

        Assert.Equal("2777 0 999", Stat(volumes["data"]));
        Assert.Equal("2777 0 999", Stat(volumes["run"]));
        var fileSystem = Run("stat", "-f", "-c", "%T %b %S", volumes["run"]).Split(' ');
        Assert.Equal("tmpfs", fileSystem[0]);
        Assert.Equal(8L << 20, long.Parse(fileSystem[1]) * long.Parse(fileSystem[2]));

        PodVolumes.Remove(directory);
        Assert.DoesNotContain(volumes["run"], File.ReadAllText("/proc/self/mountinfo"));
        Assert.False(Directory.Exists(volumes["data"]));
    }

    [Fact]
    public void AClaimGetsTheFsGroupOnlyOnRootMismatchAndOutlivesThePod()
    {
        var data = Path.Combine(claims, "data-redis-0");
        var pod = Pod(new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data-redis-0" } });
        var claimFolders = new Dictionary<string, string> { ["data"] = data };

        PodVolumes.Materialize(pod, directory, ConfigMaps, Secrets, claimFolders);
        Assert.Equal("2775 0 999", Stat(data));
        var dump = Path.Combine(data, "dump.rdb");
        File.WriteAllText(dump, "x");
        Assert.Equal("644 0 999", Stat(dump));
        // The root is already in the fsGroup: OnRootMismatch does not walk the folder again.
        PodVolumes.Materialize(pod, directory, ConfigMaps, Secrets, claimFolders);
        Assert.Equal("644 0 999", Stat(dump));
        // Now it is not: the whole folder is walked, the file made group-writable.
        Run("chgrp", "0", data);
        PodVolumes.Materialize(pod, directory, ConfigMaps, Secrets, claimFolders);
        Assert.Equal("664 0 999", Stat(dump));

        PodVolumes.Remove(directory);
        Assert.True(File.Exists(Path.Combine(data, "dump.rdb")));
    }

    [Fact]
    public void AVolumeClaimTemplateNamedByTheCallerIsMaterializedToo()
    {
        var data = Path.Combine(claims, "data-redis-1");
        var volumes = PodVolumes.Materialize(Pod(), directory, ConfigMaps, Secrets, new Dictionary<string, string> { ["data"] = data });
        Assert.Equal(data, volumes["data"]);
        Assert.True(Directory.Exists(data));
    }

    [Fact]
    public void AnUnknownConfigMapSecretOrKeyIsAnErrorNamingIt()
    {
        var missingMap = Assert.Throws<InvalidOperationException>(() => PodVolumes.Materialize(
            Pod(new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "nope" } }), directory, ConfigMaps, Secrets, new Dictionary<string, string>()));
        Assert.Contains("ConfigMap 'nope'", missingMap.Message);
        var missingSecret = Assert.Throws<InvalidOperationException>(() => PodVolumes.Materialize(
            Pod(new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = "gone" } }), directory, ConfigMaps, Secrets, new Dictionary<string, string>()));
        Assert.Contains("Secret 'gone'", missingSecret.Message);
        var missingKey = Assert.Throws<InvalidOperationException>(() => PodVolumes.Materialize(
            Pod(new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = "tls", Items = [new V1KeyToPath { Key = "tls.crt", Path = "tls.crt" }] } }),
            directory, ConfigMaps, Secrets, new Dictionary<string, string>()));
        Assert.Contains("key 'tls.crt'", missingKey.Message);

        var optional = PodVolumes.Materialize(Pod(new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "nope", Optional = true } }),
            directory, ConfigMaps, Secrets, new Dictionary<string, string>());
        Assert.Empty(Directory.EnumerateFileSystemEntries(optional["config"]));
    }

    public void Dispose()
    {
        PodVolumes.Remove(directory);
        foreach (var folder in new[] { directory, claims })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static V1PodSpec Pod(params V1Volume[] volumes) => new()
    {
        SecurityContext = new V1PodSecurityContext { FsGroup = FsGroup, FsGroupChangePolicy = "OnRootMismatch" },
        Volumes = volumes,
    };

    /// <summary>"mode uid gid" in octal, as stat prints them.</summary>
    private static string Stat(string path) => Run("stat", "-c", "%a %u %g", path);

    private static string Run(params string[] command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardOutput = true };
        foreach (var part in command.Skip(1)) psi.ArgumentList.Add(part);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
