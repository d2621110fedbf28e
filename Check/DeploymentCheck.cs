namespace RedisHa.Check;

/// <summary>
/// `redis-ha check`: the endpoint first, then (when sentinels are given) the sentinels against it.
/// The sentinels are asked even when the endpoint fails, because they usually tell why.
/// </summary>
public sealed class DeploymentCheck(CheckRequest request, IRedisConnector connector)
{
    public async Task<CheckReport> RunAsync(CancellationToken cancel = default)
    {
        var report = new CheckReport();
        var endpoint = await new EndpointCheck(request, connector, report).RunAsync(cancel);
        if (request.Sentinels.Count > 0) await new SentinelCheck(request, connector, report).RunAsync(endpoint, cancel);
        return report;
    }
}
