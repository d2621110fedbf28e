using System.Diagnostics;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

/// <summary>
/// Who reaps a probe's orphans. The probes run `timeout` (whose watcher process outlives the
/// command) and shells that leave background children; those are re-parented to PID 1 of the
/// container's PID namespace. The pause process reaps them; redis-server does not.
/// </summary>
[Collection(RuncCollection.Name)]
public sealed class OrphanReapingTests(RootFilesystemsFixture fixture)
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WithASharedPidNamespaceThePauseProcessReapsOrphans()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: true);
        var app = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());
        var id = pod.IdOf("redis");

        Assert.True((await pod.Runtime.ExecAsync(id, ["timeout", "5", "true"], ExecTimeout)).Succeeded);
        // Without the redirection runc exec would wait for the sleep, which holds its output pipe.
        Assert.True((await pod.Runtime.ExecAsync(id, ["sh", "-c", "sleep 2 >/dev/null 2>&1 &"], ExecTimeout)).Succeeded);
        // The orphans went to the pause process (PID 1 of the shared namespace), not to redis-server.
        Assert.Contains(HostProcesses.ChildrenOf(sandbox.Pid), child => child.Name == "sleep");

        await WaitUntil(() => HostProcesses.ChildrenOf(sandbox.Pid).Count == 0, TimeSpan.FromSeconds(5));
        Assert.Empty(HostProcesses.ZombieChildrenOf(sandbox.Pid));
        Assert.Empty(HostProcesses.ZombieChildrenOf(app.Pid));
    }

    /// <summary>
    /// Reproduces a defect of the project as rendered today: without shareProcessNamespace,
    /// redis-server is PID 1 and every orphan of a probe stays a zombie. Keep this test: it
    /// must change together with the fix.
    /// </summary>
    [Fact]
    public async Task WithoutItRedisServerAsPid1LeavesZombies()
    {
        await using var pod = await PodHarness.CreateAsync(fixture.RootFilesystems);
        var sandbox = await pod.StartSandboxAsync(shareProcessNamespace: false);
        var redis = await pod.StartAsync(sandbox, ContainerSpecs.Redis(), ContainerSpecs.RedisPod());
        var id = pod.IdOf("redis");

        Assert.True((await pod.Runtime.ExecAsync(id, ["timeout", "5", "true"], ExecTimeout)).Succeeded);
        Assert.True((await pod.Runtime.ExecAsync(id, ["sh", "-c", "sleep 0.5 >/dev/null 2>&1 &"], ExecTimeout)).Succeeded);

        await WaitUntil(() => HostProcesses.ZombieChildrenOf(redis.Pid).Count >= 2, TimeSpan.FromSeconds(5));
        var zombies = HostProcesses.ZombieChildrenOf(redis.Pid);
        Assert.Contains(zombies, zombie => zombie.Name == "sleep");
        Assert.Contains(zombies, zombie => zombie.Name == "timeout");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < limit) await Task.Delay(50);
    }
}
