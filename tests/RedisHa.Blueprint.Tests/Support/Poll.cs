namespace RedisHa.Blueprint.Tests.Support;

/// <summary>Waits for a condition by checking it repeatedly; tests never sleep to synchronise.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s: {describeFailure()}");
            Thread.Sleep(50);
        }
    }
}
