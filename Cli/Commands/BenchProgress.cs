namespace RedisHa.Cli.Commands;

/// <summary>
/// Progress lines on stderr, written at once and in order (Progress&lt;T&gt; posts to the thread
/// pool, which can reorder lines), each stamped with the time since the bench started.
/// </summary>
internal sealed class BenchProgress : IProgress<string>
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock _lock = new();

    public void Report(string value)
    {
        lock (_lock) Console.Error.WriteLine($"[{_clock.Elapsed:hh\\:mm\\:ss}] {value}");
    }
}
