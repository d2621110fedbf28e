using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Lab.Cluster.Control;

/// <summary>
/// The lab process's control socket (a Unix socket in the lab's folder, root-only like the folder):
/// the CLI's verbs arrive here and run against the lab this process holds.
/// </summary>
public sealed class LabControlServer(string labDirectory, Func<LabRequest, CancellationToken, Task<LabReply>> handle) : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _accept;

    public void Start()
    {
        var path = LabControlClient.SocketPath(labDirectory);
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        _accept = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener!.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        LabReply reply;
        try
        {
            var line = await reader.ReadLineAsync(_stop.Token);
            var request = line is null ? null : JsonSerializer.Deserialize<LabRequest>(line, Json);
            reply = request is null ? LabReply.Fail("empty request") : await handle(request, _stop.Token);
        }
        catch (InvalidOptionsException e)
        {
            reply = LabReply.Fail(string.Join('\n', e.Problems.Select(p => $"error: {p}")), 2);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException or JsonException)
        {
            reply = LabReply.Fail($"error: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            reply = LabReply.Fail("error: the lab is stopping");
        }
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(reply, Json) + "\n"));
        }
        catch (IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        if (_accept is not null) await _accept;
        // Gone already when the lab's folder was removed with it.
        if (System.IO.Directory.Exists(labDirectory)) File.Delete(LabControlClient.SocketPath(labDirectory));
    }
}
