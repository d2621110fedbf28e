using System.Net;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>A throwaway redis-server for script tests: no persistence, its files in the test's folder.</summary>
public static class LoopbackRedis
{
    /// <summary>
    /// Starts redis-server as <paramref name="name"/> on <paramref name="address"/>:<paramref name="port"/>
    /// with <paramref name="extra"/> appended to its configuration, and returns once it listens.
    /// </summary>
    public static BackgroundProcess Start(TempDirectory dir, string name, IPAddress address, int port, string extra = "")
    {
        var conf = dir.Write($"{name}.conf",
            $"port {port}\nbind {address}\nsave \"\"\nappendonly no\ndir {dir.Path}\ndbfilename {name}.rdb\n{extra}");
        var process = BackgroundProcess.Start("redis-server", [conf], dir.Path);
        try
        {
            RespConnection.OpenWhenListening(address, port, process).Dispose();
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }
}
