using System.Globalization;
using System.Text;

namespace RedisHa.Lab.Clients;

/// <summary>
/// Reads RESP replies from a stream (TCP or TLS) through a buffer of its own. Every reply is read
/// to its end, so that what is left in the stream is the start of the next reply, never the tail
/// of this one.
/// </summary>
internal sealed class RespReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;

    /// <summary>One line without its CRLF: the first line of a reply ("+OK", "$5", "*2", ...).</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancel)
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

    /// <summary>The rest of the reply whose first line is <paramref name="line"/>, parsed.</summary>
    public async Task<object?> ReadAfterAsync(string line, CancellationToken cancel)
    {
        if (line.Length == 0) throw new FormatException("empty reply line");
        var rest = line[1..];
        switch (line[0])
        {
            case '+': return rest;
            case '-': return new RespError(rest);
            case ':': return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0) return null;
                var bytes = await ReadExactAsync(length + 2, cancel);
                return Encoding.UTF8.GetString(bytes, 0, length);
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadAfterAsync(await ReadLineAsync(cancel), cancel);
                return items;
            }
            default: throw new FormatException($"unexpected RESP type '{line[0]}'");
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
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancel);
        if (read == 0) throw new IOException("connection closed by the endpoint");
        _end += read;
    }
}
