namespace RedisHa.Check;

/// <summary>One <c>slaveN:</c> entry of a master's <c>INFO replication</c>.</summary>
internal sealed record ReplicaInfo(RedisAddress Address, string State, long Offset, long LagSeconds)
{
    public bool Online => State == "online";

    /// <summary>Parses <c>ip=10.0.0.2,port=6379,state=online,offset=123,lag=0</c>; null when it is not such an entry.</summary>
    public static ReplicaInfo? Parse(string value)
    {
        var fields = value.Split(',')
            .Select(f => f.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        if (!fields.TryGetValue("ip", out var ip) || !int.TryParse(fields.GetValueOrDefault("port"), out var port)) return null;
        return new ReplicaInfo(
            new RedisAddress(ip, port),
            fields.GetValueOrDefault("state") ?? "unknown",
            long.TryParse(fields.GetValueOrDefault("offset"), out var offset) ? offset : 0,
            long.TryParse(fields.GetValueOrDefault("lag"), out var lag) ? lag : 0);
    }
}
