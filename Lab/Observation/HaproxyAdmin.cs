using System.Net.Sockets;
using System.Text;
using RedisHa.Blueprint.Files;

namespace RedisHa.Lab.Observation;

/// <summary>Reads an HAProxy's admin socket: which nodes it routes to.</summary>
public static class HaproxyAdmin
{
    /// <summary>The longest path a Unix socket address holds (sun_path is 108 bytes with its terminating NUL).</summary>
    private const int MaxSocketPath = 107;

    public static async Task<string?> CommandAsync(string socketPath, string command)
    {
        if (!File.Exists(socketPath)) return null;
        string? link = null;
        try
        {
            // A pod's volume under a lab's home (e.g. ~/.local/state/redis-ha/labs/NAME/pods/POD.UID/volumes/run)
            // can be longer than a socket address may be: then connect through a short link to its folder.
            if (Encoding.UTF8.GetByteCount(socketPath) > MaxSocketPath)
            {
                link = Path.Combine(Path.GetTempPath(), $"rh-admin-{Guid.NewGuid():N}"[..20]);
                Directory.CreateSymbolicLink(link, Path.GetDirectoryName(socketPath)!);
            }
            var endpoint = new UnixDomainSocketEndPoint(link is null ? socketPath : Path.Combine(link, Path.GetFileName(socketPath)));
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(endpoint, cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, cts.Token);
            var buffer = new byte[65536];
            var text = new StringBuilder();
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            return text.ToString();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return null;
        }
        finally
        {
            if (link is not null) File.Delete(link);
        }
    }

    /// <summary>The nodes an HAProxy routes new connections to now; null if the proxy does not answer.</summary>
    public static async Task<IReadOnlyList<int>?> RoutedNodesAsync(string socketPath, int nodes, int quorum)
    {
        // "show servers state" rather than "show stat": one plain line per server, no free-text
        // check descriptions that could hold commas or line breaks.
        var state = await CommandAsync(socketPath, "show servers state");
        if (state is null) return null;
        var lines = state.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Split(' ');
        if (header is null) return null;
        int backend = Array.IndexOf(header, "be_name"), server = Array.IndexOf(header, "srv_name"), opState = Array.IndexOf(header, "srv_op_state");
        var up = lines.Where(l => !l.StartsWith('#') && l.Contains(' '))
            .Select(l => l.Split(' '))
            // srv_op_state 2 is "running": the server is UP.
            .Where(f => f.Length > opState && f[opState] == "2")
            .Select(f => (f[backend], f[server]))
            .ToHashSet();
        return HaproxyBackends.RoutedNodes(nodes, quorum, (b, s) => up.Contains((b, s)))
            .Union(PreviousReleaseRoutes(up)).Order().ToList();
    }

    /// <summary>
    /// An HAProxy pod of the previous release (still running during an upgrade) has one backend per
    /// node and quorum-sized set of sentinels, "node_X_via_S_T", whose one server is UP while those
    /// sentinels name X and X answers master: it routes to X while any of them is.
    /// </summary>
    private static IEnumerable<int> PreviousReleaseRoutes(IEnumerable<(string Backend, string Server)> up) =>
        up.Where(u => u.Server == HaproxyBackends.RedisServer)
            .Select(u => PreviousReleaseBackend.Match(u.Backend))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct();

    private static readonly System.Text.RegularExpressions.Regex PreviousReleaseBackend = new("^node_([0-9]+)_via_[0-9_]+$");
}
