namespace RedisHa.Lab.Observation;

/// <summary>The lab's one poll loop: conditions are polled, never waited for with a fixed sleep.</summary>
public static class Polling
{
    /// <summary>
    /// Polls until <paramref name="unsettled"/> answers null; on timeout the exception says what
    /// was still not as wanted (its last answer).
    /// </summary>
    public static async Task UntilAsync(TimeSpan timeout, CancellationToken cancel, string what, Func<Task<string?>> unsettled, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await unsettled() is { } reason)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{(reason.Length > 0 ? $" ({reason})" : "")}");
            await Task.Delay(interval, cancel);
        }
    }
}
