namespace RedisHa.Lab.Bench;

/// <summary>
/// What one proxy's health checks cost while no client sends anything: the check connections it
/// opens per second (each authenticates and asks one question), the questions it asks per second
/// over connections it keeps open (redis-ha's proxy asks each sentinel that way), and the CPU it
/// used, in milliseconds per second (10 ms resolution over the sampled window).
/// </summary>
public sealed record ProxyCheckCost(string Proxy, double CheckConnectionsPerSecond, double KeptConnectionQuestionsPerSecond, double CpuMsPerSecond)
{
    /// <summary>
    /// Each server line of a configuration that has a health check is checked with one connection
    /// every <paramref name="intervalSeconds"/>, UP or DOWN.
    /// </summary>
    public static double CheckConnectionsPerSecondOf(string haproxyConfig, double intervalSeconds)
    {
        var servers = haproxyConfig.Split('\n')
            .Select(line => line.Trim())
            .Count(line => line.StartsWith("server ", StringComparison.Ordinal) && !line.EndsWith(" no-check", StringComparison.Ordinal));
        return servers / intervalSeconds;
    }
}
