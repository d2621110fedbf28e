namespace RedisHa.Lab;

/// <summary>How a lab is laid out on this machine (as opposed to the deployment options it runs).</summary>
public sealed record LabSettings
{
    /// <summary>Names the lab's folder; several labs with different names run side by side.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Where labs keep their folders: REDIS_HA_LAB_HOME, else ~/.local/state/redis-ha/labs.</summary>
    public string Home { get; init; } = DefaultHome();

    /// <summary>The last octet of each node's address; null means 1, 2, 3...</summary>
    public IReadOnlyList<int>? NodeHostNumbers { get; init; }

    /// <summary>The lab's password; null generates one.</summary>
    public string? Password { get; init; }

    /// <summary>Two proxies share the endpoint address, as a Service spreads over HAProxy pods.</summary>
    public int Proxies { get; init; } = 2;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Directory => Path.Combine(Home, Name);

    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable("REDIS_HA_LAB_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "redis-ha", "labs");
}
