using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RedisHa.Lab.Cluster.Control;

/// <summary>The CLI's side of a lab's control socket: one request, one reply per connection.</summary>
public static class LabControlClient
{
    public const string SocketName = "control.sock";

    public static string SocketPath(string labDirectory) => Path.Combine(labDirectory, SocketName);

    /// <summary>Null when nothing listens (the lab's process is gone).</summary>
    public static async Task<LabReply?> SendAsync(string labDirectory, LabRequest request, CancellationToken cancel = default)
    {
        var path = SocketPath(labDirectory);
        if (!File.Exists(path)) return null;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel);
        }
        catch (SocketException)
        {
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, LabControlServer.Json) + "\n"), cancel);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync(cancel);
        return line is null ? null : JsonSerializer.Deserialize<LabReply>(line, LabControlServer.Json);
    }
}
