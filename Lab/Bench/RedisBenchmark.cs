using System.Globalization;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Runs redis-benchmark (Debian package redis-tools) and reads its CSV line. The password goes in
/// as one argv element (-a): no shell sees it, so any character is safe; redis-benchmark sends it as
/// one AUTH argument. This redis-benchmark has no time limit, so the request count sets the duration.
/// With a <paramref name="networkNamespace"/> it runs there (the lab's node, as a client on a
/// cluster node would), connecting to ClusterIPs through the node's own Service rules.
/// </summary>
public sealed partial class RedisBenchmark(string? networkNamespace = null, string executable = "redis-benchmark")
{
    /// <summary>"redis-benchmark 7.0.15", or null when it is not installed.</summary>
    public async Task<string?> VersionAsync()
    {
        try
        {
            var (code, output) = await RunAsync([executable, "--version"], TimeSpan.FromSeconds(10), CancellationToken.None);
            return code == 0 ? string.Join(' ', output.Trim().Split(' ').Take(2)) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Runs one test (e.g. "set", "get") with random keys over <paramref name="keySpace"/> and returns its figures.</summary>
    public async Task<LoadFigures> RunAsync(string target, string host, int port, string? password, string test, int clients, int pipeline,
        long requests, int keySpace, CancellationToken cancel)
    {
        var args = new List<string>
        {
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-P", pipeline.ToString(CultureInfo.InvariantCulture),
            "-n", requests.ToString(CultureInfo.InvariantCulture),
            "-r", keySpace.ToString(CultureInfo.InvariantCulture),
            "-t", test, "--csv",
        };
        if (password is not null) args.AddRange(["-a", password]);
        // redis-benchmark waits forever when it cannot connect: give it a generous bound instead.
        // The shell around it reports the CPU it used ("times"): the client shares the machine's
        // cores with the proxies and Redis, so its cost per request bounds what they can serve.
        var (code, output) = await RunAsync(["sh", "-c", "\"$@\"; status=$?; times; exit $status", executable, executable, .. args],
            TimeSpan.FromSeconds(60 + requests / 2000.0), cancel);
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"\"{test.ToUpperInvariant()}\"", StringComparison.Ordinal));
        if (code != 0 || line is null)
            throw new InvalidOperationException($"redis-benchmark -t {test} against {host}:{port} failed (exit {code}): {output.Trim()}");
        var f = line.Split(',').Select(v => v.Trim('"')).ToArray();
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        return new LoadFigures(target, f[0], requests, D(1), D(2), D(4), D(6), D(7)) { ClientCpuMs = ChildrenCpuMs(output) };
    }

    /// <summary>
    /// The user + system CPU of the shell's children from the second line `times` prints ("0m1.230000s
    /// 0m0.450000s" in dash, "0m1.230s 0m0.450s" in bash), in ms; null without it.
    /// </summary>
    public static double? ChildrenCpuMs(string output)
    {
        var times = output.Split('\n').Select(l => TimesLine().Match(l.Trim())).Where(m => m.Success).ToList();
        if (times.Count < 2) return null;
        var children = times[^1].Groups;
        double Ms(int minutes, int seconds) =>
            (double.Parse(children[minutes].Value, CultureInfo.InvariantCulture) * 60 + double.Parse(children[seconds].Value, CultureInfo.InvariantCulture)) * 1000;
        return Ms(1, 2) + Ms(3, 4);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$")]
    private static partial System.Text.RegularExpressions.Regex TimesLine();

    /// <summary>One run of a command, bounded in time: the lab's one way of running a host program.</summary>
    private Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel) =>
        HostCommand.RunAsync(networkNamespace is null ? command : ["ip", "netns", "exec", networkNamespace, .. command], timeout, cancel);
}
