using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Observation;

namespace RedisHa.Cli.Tests;

/// <summary>How the check's lab tests start a pod lab: in the folder the lab tests use, so a crashed run's leftovers are found in one place.</summary>
public static class PodLabs
{
    public static string Home => Path.Combine(Path.GetTempPath(), "redis-ha-pod-lab-tests");

    public static Task<PodLab> StartAsync(RedisHaOptions options) =>
        PodLab.StartAsync(options, new PodLabSettings { Name = $"c{Guid.NewGuid():N}"[..10], Home = Home });

    /// <summary>
    /// Polls until the sentinels have settled and the master has every replica online: a lab is up
    /// once a write succeeds, which may be before the last replica finished its first sync.
    /// </summary>
    public static async Task WaitUntilHealthyAsync(PodLab lab)
    {
        var timeout = TimeSpan.FromSeconds(60);
        await lab.WaitForSettledAsync(timeout);
        var replicas = lab.Spec.Replicas - 1;
        await Polling.UntilAsync(timeout, default, $"{replicas} replicas online", async () =>
        {
            var info = await RedisProbe.InfoAsync(lab.HostAddress(lab.Spec.Names.EndpointService), RedisHaSpec.EndpointPort, lab.Password, "replication", lab.Tls);
            var online = info?.Count(kv => kv.Key.StartsWith("slave", StringComparison.Ordinal) && kv.Value.Contains("state=online", StringComparison.Ordinal)) ?? 0;
            return online == replicas ? null : $"{online} online";
        }, TimeSpan.FromMilliseconds(200));
    }
}
