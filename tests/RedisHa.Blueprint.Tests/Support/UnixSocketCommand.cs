using System.Net.Sockets;
using System.Text;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>One command to a line-oriented admin socket (HAProxy's stats socket), reading the answer until it closes.</summary>
public static class UnixSocketCommand
{
    public static string Send(string socketPath, string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = 5000;
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Encoding.ASCII.GetBytes(command + "\n"));
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = socket.Receive(buffer)) > 0) answer.Write(buffer, 0, read);
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
