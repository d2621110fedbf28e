namespace RedisHa.Lab.Tests.Support;

/// <summary>The tests' poll loop and duration format: conditions are polled, never waited for with a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task Holds(TimeSpan timeout, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";
}
