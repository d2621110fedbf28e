namespace RedisHa.Lab.Bench;

/// <summary>
/// What one proxy's health checks cost while no client sends anything: the check connections it
/// opens per second (each authenticates and asks one question) and the CPU it used, in
/// milliseconds per second (10 ms resolution over the sampled window).
/// </summary>
public sealed record ProxyCheckCost(string Proxy, double CheckConnectionsPerSecond, double CpuMsPerSecond)
{
    /// <summary>Every server line of a configuration is checked once per interval with one connection.</summary>
    public static double CheckConnectionsPerSecondOf(string haproxyConfig, double intervalSeconds) =>
        haproxyConfig.Split('\n').Count(line => line.TrimStart().StartsWith("server ", StringComparison.Ordinal)) / intervalSeconds;
}
