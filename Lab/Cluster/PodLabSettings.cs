namespace RedisHa.Lab.Cluster;

/// <summary>Where a pod lab lives on this machine and how long it may take to come up (as opposed to the deployment options it runs).</summary>
public sealed record PodLabSettings
{
    /// <summary>Names the lab's folder and namespaces; several labs with different names run side by side.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Where labs keep their folders: REDIS_HA_LAB_HOME, else ~/.local/state/redis-ha/labs.</summary>
    public string Home { get; init; } = DefaultHome();

    /// <summary>The lab's password; null generates one.</summary>
    public string? Password { get; init; }

    /// <summary>Every pod Ready and a write through the endpoint within this time, or `lab up` fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Objects to run at start instead of the options' render: what an earlier release of this
    /// project rendered for the same options, to upgrade from by the next apply. The options still
    /// give the password, the names and the shape the lab observes. Null runs the options' render.
    /// </summary>
    public IReadOnlyList<k8s.IKubernetesObject>? StartFrom { get; init; }

    public string Directory => Path.Combine(Home, Name);

    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable("REDIS_HA_LAB_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "redis-ha", "labs");
}
