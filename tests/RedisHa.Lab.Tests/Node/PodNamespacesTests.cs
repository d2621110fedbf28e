using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

/// <summary>What a container shares with its pod (network, IPC, UTS, and PID when asked) and what is its own (mounts).</summary>
[Collection(RuncCollection.Name)]
public sealed class PodNamespacesTests(RootFilesystemsFixture fixture)
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ContainersJoinThePodsNetworkIpcAndUtsAndThePidNamespaceOnlyWhenShared(bool share)
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(share);
        var redis = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());

        Assert.Equal(Inode(pod.NetworkNamespacePath), Namespace(sandbox.Pid, "net"));
        foreach (var kind in new[] { "net", "ipc", "uts" }) Assert.Equal(Namespace(sandbox.Pid, kind), Namespace(redis.Pid, kind));
        Assert.NotEqual(Namespace(sandbox.Pid, "mnt"), Namespace(redis.Pid, "mnt"));
        Assert.Equal(share, Namespace(sandbox.Pid, "pid") == Namespace(redis.Pid, "pid"));
        Assert.Equal(share, sandbox.PidNamespacePath is not null);
        // Only loopback: the test's namespace has nothing else.
        Assert.Equal("lo", (await pod.Runtime.ExecAsync(pod.IdOf("redis"), ["ls", "/sys/class/net"], ExecTimeout)).Output.Trim());
    }

    [Fact]
    public async Task VolumesMountReadOnlyWhenAskedAndBySubPath()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var spec = new V1PodSpec
        {
            SecurityContext = ContainerSpecs.RedisPod(),
            Volumes =
            [
                new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "config" } },
                new V1Volume { Name = "run", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } },
            ],
        };
        var configMaps = new Dictionary<string, V1ConfigMap> { ["config"] = new() { Data = new Dictionary<string, string> { ["redis.conf"] = "port 6379\n" } } };
        var volumes = PodVolumes.Materialize(spec, pod.Directory, configMaps, new Dictionary<string, V1Secret>(), new Dictionary<string, string>());
        var container = ContainerSpecs.Shell("mounts", "exec sleep 300");
        container.Env = [new V1EnvVar { Name = "POD", Value = "server-0" }];
        container.VolumeMounts =
        [
            new V1VolumeMount { Name = "config", MountPath = "/etc/redis-ha", ReadOnlyProperty = true },
            new V1VolumeMount { Name = "config", MountPath = "/usr/local/etc/redis/redis.conf", SubPath = "redis.conf" },
            new V1VolumeMount { Name = "run", MountPath = "/run/redis-ha", SubPathExpr = "$(POD)" },
        ];
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        await pod.StartAsync(sandbox, container, spec.SecurityContext, [KeyValuePair.Create("POD", "server-0")], volumes);
        var id = pod.IdOf("mounts");

        Assert.Equal("port 6379", (await pod.Runtime.ExecAsync(id, ["cat", "/usr/local/etc/redis/redis.conf"], ExecTimeout)).Output.Trim());
        Assert.Contains("Read-only file system", (await pod.Runtime.ExecAsync(id, ["sh", "-c", "echo x > /etc/redis-ha/new"], ExecTimeout)).Output);
        Assert.True((await pod.Runtime.ExecAsync(id, ["touch", "/run/redis-ha/sentinel.conf"], ExecTimeout)).Succeeded);
        Assert.True(File.Exists(Path.Combine(volumes["run"], "server-0", "sentinel.conf")));
    }

    [Fact]
    public async Task MemoryAndCpuLimitsReachTheCgroupsWhereTheMachineTakesThem()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var container = ContainerSpecs.Redis();
        container.Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi"), ["cpu"] = new("500m") },
        };
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var redis = await pod.StartAsync(sandbox, container, ContainerSpecs.RedisPod());

        Assert.NotNull(pod.Runtime.ResourceLimitsEnforced);
        if (pod.Runtime.ResourceLimitsEnforced != true) return; // measured true on the lab machine (hybrid cgroups, runc 1.1.5)
        Assert.Equal("67108864", CgroupFile(redis.Pid, "memory", "memory.limit_in_bytes"));
        Assert.Equal("50000", CgroupFile(redis.Pid, "cpu", "cpu.cfs_quota_us"));
    }

    [Fact]
    public async Task RunAsNonRootWithoutAUserIsRefused()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pod.StartAsync(sandbox, ContainerSpecs.Redis()));
        Assert.Contains("runAsNonRoot", error.Message);
    }

    private static string Namespace(int pid, string kind) => new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget!;

    /// <summary>"net:[4026532...]" for a bind-mounted namespace file, as /proc/pid/ns/net names it.</summary>
    private static string Inode(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat") { RedirectStandardOutput = true };
        foreach (var part in new[] { "-L", "-c", "%i", path }) psi.ArgumentList.Add(part);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var inode = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return $"net:[{inode}]";
    }

    private static string CgroupFile(int pid, string controller, string file)
    {
        var path = File.ReadAllLines($"/proc/{pid}/cgroup").Select(line => line.Split(':')).First(parts => parts[1].Split(',').Contains(controller))[2];
        return File.ReadAllText($"/sys/fs/cgroup/{controller}{path}/{file}").Trim();
    }
}
