using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The containers of a redis+sentinel pod. All run the redis image with the same environment and
/// mounts; each runs one of the scripts. Probes are generous: a node restarted for a slow answer
/// only makes a failover more likely, and the scripts already count LOADING as alive.
/// </summary>
internal static class ServerContainers
{
    public const string InitName = "init";
    public const string RedisName = "redis";
    public const string SentinelName = "sentinel";
    public const string WatcherName = "watcher";

    /// <summary>
    /// Writes both runtime configs before either server starts, so Redis and Sentinel agree on the
    /// master from the first moment (each start script decides again on a restart).
    /// </summary>
    public static V1Container Init(RedisHaSpec spec)
    {
        var container = Base(spec, InitName, ScriptCommand.Run("init.sh", "all"));
        // As small as a sentinel; requests on every container also satisfy a namespace ResourceQuota.
        container.Resources = ContainerResourceRequirements.From(spec.Options.Resources.Sentinel);
        return container;
    }

    public static V1Container Redis(RedisHaSpec spec)
    {
        var container = Base(spec, RedisName, ScriptCommand.Run("redis.sh"));
        container.Resources = ContainerResourceRequirements.From(spec.Options.Resources.Redis);
        container.Ports = [new V1ContainerPort { Name = Services.RedisPortName, ContainerPort = RedisHaSpec.RedisPort, Protocol = "TCP" }];
        container.StartupProbe = Startup(ScriptCommand.Run("liveness.sh"));
        container.LivenessProbe = Liveness(ScriptCommand.Run("liveness.sh"));
        // Ready only with the initial sync done: a rolling update waits for it before the next pod.
        container.ReadinessProbe = Readiness(ScriptCommand.Run("readiness.sh"));
        // Hands the master role over before Redis stops.
        container.Lifecycle = PreStop(ScriptCommand.Run("prestop.sh"));
        return container;
    }

    public static V1Container Sentinel(RedisHaSpec spec)
    {
        var port = RedisHaSpec.SentinelPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var container = Base(spec, SentinelName, ScriptCommand.Run("sentinel.sh"));
        container.Resources = ContainerResourceRequirements.From(spec.Options.Resources.Sentinel);
        container.Ports = [new V1ContainerPort { Name = Services.SentinelPortName, ContainerPort = RedisHaSpec.SentinelPort, Protocol = "TCP" }];
        container.StartupProbe = Startup(ScriptCommand.Run("liveness.sh", port));
        container.LivenessProbe = Liveness(ScriptCommand.Run("liveness.sh", port));
        container.ReadinessProbe = Readiness(ScriptCommand.Run("liveness.sh", port));
        // Keeps this sentinel voting until the redis container's handover is over.
        container.Lifecycle = PreStop(ScriptCommand.Run("sentinel-prestop.sh"));
        return container;
    }

    /// <summary>No probes: the watcher is a loop, and the container restarts if it exits.</summary>
    public static V1Container Watcher(RedisHaSpec spec)
    {
        var container = Base(spec, WatcherName, ScriptCommand.Run("watcher.sh"));
        container.Resources = ContainerResourceRequirements.From(spec.Options.Resources.Sentinel);
        return container;
    }

    private static V1Container Base(RedisHaSpec spec, string name, List<string> command) => new()
    {
        Name = name,
        Image = spec.Options.RedisImage,
        // Replaces the image's entrypoint: each container runs its script from the ConfigMap.
        Command = command,
        Env = ContainerEnvironment.ForServer(spec),
        VolumeMounts = ServerVolumes.Mounts(spec),
        SecurityContext = PodSecurity.ForContainer(),
    };

    /// <summary>
    /// Up to ten minutes to answer for the first time: the start script may wait for DNS and for
    /// Sentinel to fail over away from an empty node before Redis even starts. Asked every second,
    /// so a started container counts as started (and a rolling update moves on) within a second of
    /// answering, not up to five; the probe runs only until it first passes.
    /// </summary>
    private static V1Probe Startup(List<string> command) => Exec(command, periodSeconds: 1, failureThreshold: 600);

    /// <summary>Fifty seconds without any answer before a restart.</summary>
    private static V1Probe Liveness(List<string> command) => Exec(command, periodSeconds: 10, failureThreshold: 5);

    private static V1Probe Readiness(List<string> command) => Exec(command, periodSeconds: 5, failureThreshold: 3);

    /// <summary>The scripts give redis-cli three seconds per call; the probe allows a little more.</summary>
    private static V1Probe Exec(List<string> command, int periodSeconds, int failureThreshold) => new()
    {
        Exec = new V1ExecAction { Command = command },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 5,
        FailureThreshold = failureThreshold,
        SuccessThreshold = 1,
    };

    private static V1Lifecycle PreStop(List<string> command) =>
        new() { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = command } } };
}
