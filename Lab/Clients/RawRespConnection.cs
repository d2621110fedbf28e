using System.Net.Sockets;
using System.Text;
using RedisHa.Lab.Tls;

namespace RedisHa.Lab.Clients;

/// <summary>
/// One long-lived TCP connection speaking RESP by hand: what a minimal client or a connection pool
/// holding idle sockets sees. Unlike StackExchange.Redis it never reconnects behind the caller's
/// back, so it shows exactly when the endpoint cuts a connection. With <c>tls</c> it speaks TLS.
/// </summary>
public sealed class RawRespConnection(string host, int port, string? password, TlsClient? tls = null) : IDisposable
{
    private TcpClient? _client;
    private Stream? _stream;

    public bool Connected => _client?.Connected == true;

    /// <summary>Sends a command and returns the first line of the reply ("+OK", "-READONLY ...", ...).</summary>
    public async Task<string> SendAsync(TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_stream is null) await ConnectAsync(cts.Token);
            return await RoundTripAsync(args, cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            Dispose();
            throw new IOException(e is OperationCanceledException ? "timed out" : e.Message, e);
        }
    }

    private async Task ConnectAsync(CancellationToken cancel)
    {
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync(host, port, cancel);
        _stream = _client.GetStream();
        if (tls is not null) _stream = await tls.AuthenticateAsync(_stream, host, cancel);
        if (password is not null)
        {
            var reply = await RoundTripAsync(["AUTH", password], cancel);
            if (reply != "+OK") throw new IOException($"AUTH failed: {reply}");
        }
    }

    private async Task<string> RoundTripAsync(string[] args, CancellationToken cancel)
    {
        var request = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args) request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        await _stream!.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancel);
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancel) == 0) throw new IOException("connection closed by the endpoint");
            if (one[0] == '\n') break;
            if (one[0] != '\r') line.Append((char)one[0]);
        }
        return line.ToString();
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
    }
}
