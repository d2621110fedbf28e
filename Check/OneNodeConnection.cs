using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>
/// StackExchange.Redis options for asking one node about itself: that node only, the command map
/// of what it is (Sentinel knows few commands; its map keeps the client's handshake to those), one
/// bound for connecting and for every call, and a first failed connect that fails the call instead
/// of retrying in the background. The check and the lab's probes both start from these.
/// </summary>
public static class OneNodeConnection
{
    public static ConfigurationOptions Options(RedisAddress target, string? password, TimeSpan timeout, CommandMap commands, TlsClient? tls)
    {
        var milliseconds = (int)Math.Ceiling(timeout.TotalMilliseconds);
        var options = new ConfigurationOptions
        {
            EndPoints = { { target.Host, target.Port } },
            Password = password,
            CommandMap = commands,
            // StackExchange.Redis counts INFO and commands sent through an IServer as admin commands.
            AllowAdmin = true,
            AbortOnConnectFail = true,
            ConnectTimeout = milliseconds,
            SyncTimeout = milliseconds,
            AsyncTimeout = milliseconds,
        };
        tls?.Apply(options);
        return options;
    }
}
