using System.Globalization;
using System.Text;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>
/// Reads a double-quoted haproxy.cfg argument the way HAProxy does: "${VAR}" from the environment,
/// then \r, \n, \xHH, \" and \\ escapes. Returns the bytes HAProxy would send or expect.
/// </summary>
public static class HaproxyString
{
    public static byte[] Unquote(string quoted, IReadOnlyDictionary<string, string> environment)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"') throw new FormatException($"not a double-quoted argument: {quoted}");
        var body = quoted[1..^1];
        var bytes = new List<byte>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '$' && i + 1 < body.Length && body[i + 1] == '{')
            {
                var end = body.IndexOf('}', i);
                var name = body[(i + 2)..end];
                bytes.AddRange(Encoding.UTF8.GetBytes(environment.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"${{{name}}} is not set")));
                i = end;
            }
            else if (c == '\\')
            {
                var e = body[++i];
                switch (e)
                {
                    case 'r': bytes.Add((byte)'\r'); break;
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case 'x':
                        bytes.Add(byte.Parse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 2;
                        break;
                    default: bytes.Add((byte)e); break;
                }
            }
            else if (c == '$' || c == '"')
            {
                throw new FormatException($"unescaped '{c}' at {i} in {quoted}");
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Splits RESP request bytes into commands, each a list of its arguments (UTF-8).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> RespCommands(byte[] request)
    {
        var commands = new List<IReadOnlyList<string>>();
        var pos = 0;
        string Line()
        {
            var end = IndexOfCrLf(request, pos);
            var line = Encoding.ASCII.GetString(request, pos, end - pos);
            pos = end + 2;
            return line;
        }
        while (pos < request.Length)
        {
            var header = Line();
            if (header[0] != '*') throw new FormatException($"expected an array header, got {header}");
            var count = int.Parse(header[1..], CultureInfo.InvariantCulture);
            var args = new List<string>();
            for (var a = 0; a < count; a++)
            {
                var lengthLine = Line();
                if (lengthLine[0] != '$') throw new FormatException($"expected a bulk string header, got {lengthLine}");
                var length = int.Parse(lengthLine[1..], CultureInfo.InvariantCulture);
                args.Add(Encoding.UTF8.GetString(request, pos, length));
                pos += length;
                if (request[pos] != '\r' || request[pos + 1] != '\n') throw new FormatException($"argument {a} is not {length} bytes long");
                pos += 2;
            }
            commands.Add(args);
        }
        return commands;
    }

    private static int IndexOfCrLf(byte[] data, int from)
    {
        for (var i = from; i + 1 < data.Length; i++)
            if (data[i] == '\r' && data[i + 1] == '\n') return i;
        throw new FormatException("missing CRLF");
    }
}
