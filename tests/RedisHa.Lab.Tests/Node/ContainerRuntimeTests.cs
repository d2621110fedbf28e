using System.Diagnostics;
using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

[Collection(RuncCollection.Name)]
public sealed class ContainerRuntimeTests(RootFilesystemsFixture fixture)
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RedisRunsAsPid1OfItsOwnPidNamespaceAsUser999WithAReadOnlyRootAndAWritableEmptyDir()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var spec = new V1PodSpec
        {
            SecurityContext = ContainerSpecs.RedisPod(),
            Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }],
        };
        var volumes = PodVolumes.Materialize(spec, pod.Directory, new Dictionary<string, V1ConfigMap>(), new Dictionary<string, V1Secret>(), new Dictionary<string, string>());
        var container = ContainerSpecs.Redis();
        container.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }];
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var redis = await pod.StartAsync(sandbox, container, spec.SecurityContext, volumes: volumes);
        Assert.True(redis.Pid > 0, File.ReadAllText(pod.LogOf("redis")));
        var id = pod.IdOf("redis");

        var pid1 = await pod.Runtime.ExecAsync(id, ["cat", "/proc/1/cmdline"], ExecTimeout);
        // redis-server rewrites its title ("redis-server *:6379"), so the name is all that is stable.
        Assert.StartsWith("redis-server ", pid1.Output);
        Assert.Equal("999 999 999", (await pod.Runtime.ExecAsync(id, ["sh", "-c", "echo $(id -u) $(id -g) $(id -G)"], ExecTimeout)).Output.Trim());
        var rootWrite = await pod.Runtime.ExecAsync(id, ["touch", "/written"], ExecTimeout);
        Assert.NotEqual(0, rootWrite.ExitCode);
        Assert.Contains("Read-only file system", rootWrite.Output);
        Assert.True((await pod.Runtime.ExecAsync(id, ["touch", "/data/written"], ExecTimeout)).Succeeded);
        Assert.Equal("PONG", (await pod.Runtime.ExecAsync(id, ["redis-cli", "ping"], ExecTimeout)).Output.Trim());
        Assert.Equal("test-pod test-pod /data", (await pod.Runtime.ExecAsync(id, ["sh", "-c", "echo $(hostname) $HOSTNAME $(pwd)"], ExecTimeout)).Output.Trim());
        Assert.Contains("127.0.0.1", (await pod.Runtime.ExecAsync(id, ["getent", "hosts", "localhost"], ExecTimeout)).Output);
        // drop ALL: no capability left, even in the bounding set.
        Assert.Contains("CapBnd:\t0000000000000000", (await pod.Runtime.ExecAsync(id, ["cat", "/proc/self/status"], ExecTimeout)).Output);
    }

    [Fact]
    public async Task EnvironmentFromFieldRefAndSecretIsVisibleInsideAndExpandsInTheCommand()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var container = ContainerSpecs.Shell("env", "");
        container.Command = ["sleep", "$(NAP)"];
        container.Env =
        [
            new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            new V1EnvVar { Name = "REDISCLI_AUTH", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "auth", Key = "password" } } },
            new V1EnvVar { Name = "NAP", Value = "300" },
        ];
        var facts = new PodFacts("redis-ha-server-0", "redis", "uid-1", "10.244.0.10", "lab", "default", new Dictionary<string, string>());
        var secrets = new Dictionary<string, V1Secret> { ["auth"] = new() { Data = new Dictionary<string, byte[]> { ["password"] = "s3cret"u8.ToArray() } } };
        var environment = EnvironmentResolver.Resolve(container, facts, new Dictionary<string, V1ConfigMap>(), secrets);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        await pod.StartAsync(sandbox, container, ContainerSpecs.RedisPod(), environment);

        var seen = await pod.Runtime.ExecAsync(pod.IdOf("env"), ["sh", "-c", "echo $POD_NAME $REDISCLI_AUTH; cat /proc/1/cmdline"], ExecTimeout);
        Assert.Equal("redis-ha-server-0 s3cret\nsleep\0300\0", seen.Output);
    }

    [Fact]
    public async Task ExecReportsTheExitCodeAndTimesOut()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: true);
        await pod.StartAsync(sandbox, ContainerSpecs.Shell("probe", "exec sleep 300"), ContainerSpecs.RedisPod());
        var id = pod.IdOf("probe");

        var failed = await pod.Runtime.ExecAsync(id, ["sh", "-c", "echo out; echo err >&2; exit 3"], ExecTimeout);
        Assert.Equal((3, false), (failed.ExitCode, failed.TimedOut));
        // runc copies the two streams through separate pipes, so their interleaving is not kept: both arrive, in either order.
        Assert.Equal(["err", "out"], failed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        var clock = Stopwatch.StartNew();
        var slow = await pod.Runtime.ExecAsync(id, ["sleep", "30"], TimeSpan.FromMilliseconds(500));
        Assert.True(slow.TimedOut);
        Assert.False(slow.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        // The timed-out command was killed inside the container, not left running.
        Assert.Equal("", (await pod.Runtime.ExecAsync(id, ["sh", "-c", "ps -o comm | grep -x sleep | sed 1d"], ExecTimeout)).Output.Trim());
    }

    [Fact]
    public async Task TermEndsRedisWithZeroAndKillIsReportedAs137()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var redis = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());
        var sleeper = await pod.StartAsync(sandbox, ContainerSpecs.Shell("sleeper", "exec sleep 300"), ContainerSpecs.RedisPod());

        Assert.True(await pod.Runtime.SignalAsync(pod.IdOf("redis"), "TERM"));
        Assert.Equal(0, await redis.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await pod.Runtime.SignalAsync(pod.IdOf("sleeper"), "KILL"));
        Assert.Equal(128 + 9, await sleeper.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await pod.Runtime.SignalAsync(pod.IdOf("sleeper"), "TERM"));
    }

    /// <summary>
    /// A PID 1 has no default signal actions: in its own PID namespace `sleep` ignores TERM (the
    /// kubelet's grace period then ends with KILL). Not PID 1 (shared namespace), TERM kills it,
    /// reported as 128+15.
    /// </summary>
    [Fact]
    public async Task TermKillsAProcessWithoutHandlerOnlyWhenItIsNotPid1()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: true);
        var sleeper = await pod.StartAsync(sandbox, ContainerSpecs.Shell("sleeper", "exec sleep 300"), ContainerSpecs.RedisPod());

        Assert.True(await pod.Runtime.SignalAsync(pod.IdOf("sleeper"), "TERM"));
        Assert.Equal(128 + 15, await sleeper.Exited.WaitAsync(TimeSpan.FromSeconds(10)));

        await using var alone = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var ownSandbox = await alone.StartSandboxAsync(shareProcessNamespace: false);
        var pid1 = await alone.StartAsync(ownSandbox, ContainerSpecs.Shell("sleeper", "exec sleep 300"), ContainerSpecs.RedisPod());
        Assert.True(await alone.Runtime.SignalAsync(alone.IdOf("sleeper"), "TERM"));
        await Task.WhenAny(pid1.Exited, Task.Delay(500));
        Assert.False(pid1.Exited.IsCompleted);
    }

    [Fact]
    public async Task PauseFreezesAndResumeThawsTheContainer()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var redis = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());
        var id = pod.IdOf("redis");

        await pod.Runtime.PauseAsync(id, paused: true);
        Assert.Equal("frozen", ProcessState(redis.Pid));
        await pod.Runtime.PauseAsync(id, paused: false);
        Assert.Equal("PONG", (await pod.Runtime.ExecAsync(id, ["redis-cli", "ping"], ExecTimeout)).Output.Trim());
    }

    [Fact]
    public async Task StandInsRunFromTheirOwnRootFilesystems()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var haproxy = await pod.StartAsync(sandbox, new V1Container { Name = "haproxy", Image = "haproxy:2.8.10-alpine", Command = ["haproxy", "-v"] });
        var exporter = await pod.StartAsync(sandbox, new V1Container { Name = "exporter", Image = "oliver006/redis_exporter:v1.62.0", Args = ["--version"] });

        Assert.Equal(0, await haproxy.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await exporter.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("HAProxy version", File.ReadAllText(pod.LogOf("haproxy")));
        Assert.Contains("Redis Metrics Exporter", File.ReadAllText(pod.LogOf("exporter")));
    }

    [Fact]
    public async Task AContainerThatCannotStartEndsWithNonZeroAndRuncsReasonInItsLog()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var broken = await pod.StartAsync(sandbox, new V1Container { Name = "broken", Image = ContainerSpecs.RedisImage, Command = ["/no/such/program"] });

        Assert.NotEqual(0, await broken.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("/no/such/program", File.ReadAllText(pod.LogOf("broken")));
    }

    [Fact]
    public async Task DestroyAllLeavesNoProcessNoStateAndNoCgroup()
    {
        var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        await using (pod)
        {
            var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: true);
            var redis = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());
            var shell = await pod.StartAsync(sandbox, ContainerSpecs.Shell("shell", "sleep 300 & sleep 300 & wait"), ContainerSpecs.RedisPod());
            await pod.Runtime.PauseAsync(pod.IdOf("shell"), paused: true);
            Assert.Equal(3, (await pod.Runtime.ListAsync()).Count);
            var pids = new[] { sandbox.Pid, redis.Pid, shell.Pid };

            await pod.Runtime.DestroyAllAsync();

            Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} is still there"));
            Assert.False(Directory.Exists(pod.Runtime.StateDirectory));
            Assert.Empty(await pod.Runtime.ListAsync());
            Assert.DoesNotContain(CgroupsNamed(pod.IdOf("redis")), _ => true);
        }
    }

    /// <summary>The lab's cgroups are /sys/fs/cgroup/&lt;hierarchy&gt;/rha-&lt;hash&gt;/&lt;container id&gt;.</summary>
    private static IEnumerable<string> CgroupsNamed(string id) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup").SelectMany(hierarchy => Directory.EnumerateDirectories(hierarchy, "rha-*"))
            .Select(parent => Path.Combine(parent, id)).Where(Directory.Exists);

    internal static string ProcessState(int pid)
    {
        var freezer = File.ReadAllLines($"/proc/{pid}/cgroup").Select(line => line.Split(':')).FirstOrDefault(parts => parts[1] == "freezer");
        return freezer is null ? "no freezer" : File.ReadAllText($"/sys/fs/cgroup/freezer{freezer[2]}/freezer.state").Trim().ToLowerInvariant();
    }
}
