using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster;

namespace RedisHa.Cli.Tests;

/// <summary>How the check's lab tests start a pod lab: in the folder the lab tests use, so a crashed run's leftovers are found in one place.</summary>
public static class PodLabs
{
    public static string Home => Path.Combine(Path.GetTempPath(), "redis-ha-pod-lab-tests");

    public static Task<PodLab> StartAsync(RedisHaOptions options) =>
        PodLab.StartAsync(options, new PodLabSettings { Name = $"c{Guid.NewGuid():N}"[..10], Home = Home });
}
