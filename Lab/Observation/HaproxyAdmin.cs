using System.Net.Sockets;
using System.Text;
using RedisHa.Blueprint.Files;

namespace RedisHa.Lab.Observation;

/// <summary>Reads an HAProxy's admin socket: which routes (node via a set of sentinels) are UP.</summary>
public static class HaproxyAdmin
{
    public static async Task<string?> CommandAsync(string socketPath, string command)
    {
        if (!File.Exists(socketPath)) return null;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
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
    }

    /// <summary>Backend name → server status (UP, DOWN, MAINT...) for every route backend; null if the proxy does not answer.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> RouteStatusAsync(string socketPath)
    {
        var csv = await CommandAsync(socketPath, "show stat");
        if (csv is null) return null;
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Split(',');
        if (header is null) return null;
        var status = Array.IndexOf(header, "status");
        return lines.Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(','))
            .Where(f => f.Length > status && f[1] == HaproxyRoute.ServerName)
            .ToDictionary(f => f[0], f => f[status]);
    }
}
