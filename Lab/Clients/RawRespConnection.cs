using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using RedisHa.Check;

namespace RedisHa.Lab.Clients;

/// <summary>
/// One long-lived TCP connection speaking RESP by hand: what a minimal client or a connection pool
/// holding idle sockets sees. Unlike StackExchange.Redis it never reconnects behind the caller's
/// back, so it shows exactly when the endpoint cuts a connection. With <c>tls</c> it speaks TLS.
/// It also serves as a cheap poller: a fresh StackExchange.Redis connection per question (as
/// <see cref="Observation.RedisProbe"/> does) costs a handshake of several commands and blocks for its
/// whole connect timeout on a paused process; here a question costs one round trip and a silent
/// process costs only the short timeout given.
/// </summary>
public sealed class RawRespConnection(string host, int port, string? password, TlsClient? tls = null) : IDisposable
{
    private TcpClient? _client;
    private Stream? _stream;
    private RespReader? _reader;

    public bool Connected => _client?.Connected == true;

    /// <summary>Sends a command and returns the first line of the reply ("+OK", "-READONLY ...", ...); throws an <see cref="IOException"/> on failure.</summary>
    public async Task<string> SendAsync(TimeSpan timeout, params string[] args) => (await ExchangeAsync(timeout, args)).Line;

    /// <summary>Sends a command and returns the whole reply, or null with the connection closed when the process does not answer in time.</summary>
    public async Task<RespReply?> AskAsync(TimeSpan timeout, params string[] args)
    {
        try
        {
            return new RespReply((await ExchangeAsync(timeout, args)).Value);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<(string Line, object? Value)> ExchangeAsync(TimeSpan timeout, string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_stream is null) await ConnectAsync(cts.Token);
            return await RoundTripAsync(args, cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or AuthenticationException or FormatException)
        {
            // A half-read reply would be taken for the next question's answer: start over.
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
        _reader = new RespReader(_stream);
        if (password is not null)
        {
            var (reply, _) = await RoundTripAsync(["AUTH", password], cancel);
            if (reply != "+OK") throw new IOException($"AUTH failed: {reply}");
        }
    }

    private async Task<(string Line, object? Value)> RoundTripAsync(string[] args, CancellationToken cancel)
    {
        var request = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args) request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        await _stream!.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancel);
        var line = await _reader!.ReadLineAsync(cancel);
        return (line, await _reader.ReadAfterAsync(line, cancel));
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
        _reader = null;
    }
}
