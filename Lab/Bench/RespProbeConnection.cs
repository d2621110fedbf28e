using System.Net.Sockets;
using System.Text;

namespace RedisHa.Lab.Bench;

/// <summary>
/// One persistent RESP connection for polling a Redis or Sentinel several times a second. A fresh
/// StackExchange.Redis connection per question (as <see cref="Observation.RedisProbe"/> does) costs a
/// handshake of several commands and blocks for its whole connect timeout on a paused process; here
/// a question costs one round trip and a silent process costs only the short timeout given.
/// Replies are read whole: simple and bulk strings as string, integers as long, arrays as object?[],
/// nil as null, errors as <see cref="RespError"/>.
/// </summary>
internal sealed class RespProbeConnection(string host, int port, string? password) : IDisposable
{
    private TcpClient? _client;
    private NetworkStream? _stream;
    private readonly byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;

    /// <summary>The reply, or null with the connection closed when the process does not answer in time.</summary>
    public async Task<RespReply?> AskAsync(TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_stream is null) await ConnectAsync(cts.Token);
            return new RespReply(await RoundTripAsync(args, cts.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
        {
            // A half-read reply would be taken for the next question's answer: start over.
            Dispose();
            return null;
        }
    }

    private async Task ConnectAsync(CancellationToken cancel)
    {
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync(host, port, cancel);
        _stream = _client.GetStream();
        _start = _end = 0;
        if (password is not null && await RoundTripAsync(["AUTH", password], cancel) is not "OK")
            throw new IOException("AUTH refused");
    }

    private async Task<object?> RoundTripAsync(string[] args, CancellationToken cancel)
    {
        var request = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args) request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        await _stream!.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancel);
        return await ReadReplyAsync(cancel);
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancel)
    {
        var line = await ReadLineAsync(cancel);
        if (line.Length == 0) throw new FormatException("empty reply line");
        var rest = line[1..];
        switch (line[0])
        {
            case '+': return rest;
            case '-': return new RespError(rest);
            case ':': return long.Parse(rest, System.Globalization.CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0) return null;
                var bytes = await ReadExactAsync(length + 2, cancel);
                return Encoding.UTF8.GetString(bytes, 0, length);
            }
            case '*':
            {
                var count = int.Parse(rest, System.Globalization.CultureInfo.InvariantCulture);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadReplyAsync(cancel);
                return items;
            }
            default: throw new FormatException($"unexpected RESP type '{line[0]}'");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancel)
    {
        while (true)
        {
            var at = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (at >= 0)
            {
                var text = Encoding.UTF8.GetString(_buffer, _start, at - _start).TrimEnd('\r');
                _start = at + 1;
                return text;
            }
            await FillAsync(cancel);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancel)
    {
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            if (_start == _end) await FillAsync(cancel);
            var take = Math.Min(count - done, _end - _start);
            Array.Copy(_buffer, _start, result, done, take);
            _start += take;
            done += take;
        }
        return result;
    }

    private async Task FillAsync(CancellationToken cancel)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new FormatException("reply line too long");
        var read = await _stream!.ReadAsync(_buffer.AsMemory(_end), cancel);
        if (read == 0) throw new IOException("connection closed");
        _end += read;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
    }
}
