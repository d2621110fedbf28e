using System.Globalization;
using System.Text.RegularExpressions;

namespace RedisHa.Blueprint.Options;

/// <summary>
/// Redis' memory sizes (redis.conf's units: 1k = 1000 bytes, 1kb = 1024 bytes, likewise m/mb and
/// g/gb, any case) and what a container's memory limit leaves for <c>maxmemory</c>.
/// </summary>
public static partial class RedisMemorySize
{
    /// <summary>
    /// The share of the redis container's memory limit given to the dataset when maxMemory is not
    /// set. Redis' own memory outside maxmemory needs the rest: the replicas' output buffers (not
    /// counted against maxmemory; a full resync of a busy master fills them), pages copied on
    /// write while a fork saves the RDB or rewrites the AOF, and allocator fragmentation. Past
    /// the limit the kernel kills Redis (a failover, for a master); below maxmemory, clients get
    /// OOM errors under noeviction, or keys are evicted, and Redis stays up.
    /// </summary>
    public const double ShareOfMemoryLimit = 0.7;

    /// <summary>Bytes of a Redis memory size such as 256mb, 1g or 1048576; null when it is not one.</summary>
    public static long? Bytes(string size)
    {
        var match = Pattern().Match(size);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        long unit = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000_000,
            "mb" => 1024 * 1024,
            "g" => 1000_000_000,
            "gb" => 1024L * 1024 * 1024,
            _ => 0,
        };
        return unit == 0 || number > long.MaxValue / unit ? null : number * unit;
    }

    /// <summary>Bytes of a Kubernetes quantity such as 512Mi or 1G; null when it is not one.</summary>
    public static long? QuantityBytes(string quantity) =>
        KubernetesQuantity.Value(quantity) is { } value && decimal.Floor(value) is var bytes && bytes >= long.MinValue && bytes <= long.MaxValue
            ? (long)bytes
            : null;

    /// <summary>The default maxmemory for a memory limit: <see cref="ShareOfMemoryLimit"/> of it; none without a limit.</summary>
    public static long? DefaultFor(string? memoryLimit) =>
        memoryLimit is not null && QuantityBytes(memoryLimit) is { } limit ? (long)(limit * ShareOfMemoryLimit) : null;

    [GeneratedRegex(@"^([0-9]+)([kKmMgG][bB]?|[bB])?\z")]
    private static partial Regex Pattern();
}
