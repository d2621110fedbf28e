using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Stops a lab the moment its run is cancelled (Ctrl-C, SIGTERM), before anything else unwinds.
/// A trial's clients may still wait out a 5 s timeout after cancellation, and System.CommandLine ends
/// the process a fixed time after the signal (Program.cs sets 15 s): a lab stopped only by
/// `await using` could be left running.
/// The callback blocks on purpose: it runs inside Cancel(), so the process cannot end before it is done.
/// </summary>
public static class TeardownOnCancel
{
    public static CancellationTokenRegistration Register(PodLab lab, CancellationToken cancel) =>
        cancel.Register(() => lab.DownAsync().GetAwaiter().GetResult());
}
