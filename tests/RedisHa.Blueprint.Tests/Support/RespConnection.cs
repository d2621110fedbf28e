using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>
/// A bare RESP connection to a real redis-server or redis-sentinel: arguments go over the wire as
/// exact bytes, so a password is sent exactly as the test wrote it.
/// </summary>
public sealed class RespConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;

    private RespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _stream.ReadTimeout = 5000;
    }

    public static RespConnection Open(IPAddress address, int port)
    {
        var client = new TcpClient();
        try
        {
            client.Connect(address, port);
            return new RespConnection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects once the server listens; for a process that has just been started.</summary>
    public static RespConnection OpenWhenListening(IPAddress address, int port, BackgroundProcess server)
    {
        RespConnection? connection = null;
        Poll.Until(() =>
        {
            if (server.HasExited) throw new InvalidOperationException(server.Output);
            try { connection = Open(address, port); return true; }
            catch (SocketException) { return false; }
        }, TimeSpan.FromSeconds(15), () => $"nothing listens on {address}:{port}\n{server.Output}");
        return connection!;
    }

    /// <summary>Sends one command; returns a simple or bulk reply's text, an error as "-ERR ...", an array's items joined by newlines.</summary>
    public string Call(params string[] args)
    {
        var request = new MemoryStream();
        void Write(string s) => request.Write(Encoding.UTF8.GetBytes(s));
        Write($"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            var bytes = Encoding.UTF8.GetBytes(arg);
            Write($"${bytes.Length}\r\n");
            request.Write(bytes);
            Write("\r\n");
        }
        _stream.Write(request.ToArray());
        return ReadReply();
    }

    private string ReadReply()
    {
        var line = ReadLine();
        switch (line[0])
        {
            case '+': case ':': return line[1..];
            case '-': return line;
            case '$':
                var length = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0) return "(nil)";
                var data = new byte[length + 2];
                _stream.ReadExactly(data);
                return Encoding.UTF8.GetString(data, 0, length);
            case '*':
                var count = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                return string.Join('\n', Enumerable.Range(0, Math.Max(count, 0)).Select(_ => ReadReply()));
            default: throw new InvalidDataException($"not a RESP reply: {line}");
        }
    }

    private string ReadLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0) throw new EndOfStreamException("connection closed while reading a reply");
            if (b == '\n' && bytes.Count > 0 && bytes[^1] == '\r') return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            bytes.Add((byte)b);
        }
    }

    /// <summary>
    /// True when the server has closed the connection (a read returns end of stream or a reset);
    /// false when it is still open after waiting up to 2 s for either.
    /// </summary>
    public bool IsClosedByServer()
    {
        try
        {
            _client.Client.ReceiveTimeout = 2000;
            return _client.Client.Receive(new byte[1]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
