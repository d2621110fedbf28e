namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>
/// The kubelet's crash back-off: the first restart at once, then 10 s doubling up to 5 minutes;
/// a container that ran 10 minutes without failing starts over.
/// </summary>
public sealed class RestartBackOff
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);
    private TimeSpan? _next;

    /// <summary>How long to wait before the next start, given how long the last run lasted.</summary>
    public TimeSpan After(TimeSpan ran)
    {
        if (ran >= 2 * Max) _next = null;
        var delay = _next ?? TimeSpan.Zero;
        _next = _next is null ? Initial : TimeSpan.FromTicks(Math.Min(Max.Ticks, _next.Value.Ticks * 2));
        return delay;
    }
}
