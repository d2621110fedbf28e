namespace RedisHa.Check;

/// <summary>
/// A backstop on every call: the client enforces <c>--timeout</c> itself and explains its failures
/// better, so this fires only if a call hangs anyway, and then the check still ends.
/// </summary>
internal static class BoundedCall
{
    public static Task<T> RunAsync<T>(Task<T> call, TimeSpan timeout, CancellationToken cancel) =>
        call.WaitAsync(Backstop(timeout), cancel);

    public static Task RunAsync(Task call, TimeSpan timeout, CancellationToken cancel) =>
        call.WaitAsync(Backstop(timeout), cancel);

    /// <summary>Connecting may take the client's timeout and then an explaining TCP probe of the same length.</summary>
    private static TimeSpan Backstop(TimeSpan timeout) => timeout * 2 + TimeSpan.FromSeconds(1);
}
