// StackExchange.Redis writing through the endpoint (see ../README.md for the protocol). One source
// for both projects beside it, which differ only in the library's version.
using System.Diagnostics;
using StackExchange.Redis;

static string Need(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set");

static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

static string OneLine(Exception e)
{
    var text = $"{e.GetType().Name}: {string.Join(' ', e.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}";
    return text.Length > 200 ? text[..200] : text;
}

var options = new ConfigurationOptions
{
    EndPoints = { { Need("REDIS_HOST"), int.Parse(Need("REDIS_PORT"), System.Globalization.CultureInfo.InvariantCulture) } },
    Password = Environment.GetEnvironmentVariable("REDIS_PASSWORD") is { Length: > 0 } password ? password : null,
    // Both settings keep connecting in the background when the endpoint refuses at start; without
    // it the first connect failing would end the program, which no long-running application wants.
    AbortOnConnectFail = false,
};
if (Need("WRITER_SETTINGS") == "recommended")
{
    // The library notices a dead connection only at its heartbeat (every second by default) or
    // when a command times out (5 s by default); the endpoint closes a client's connection when
    // the master goes, so a short heartbeat, short timeouts and a fast, flat reconnect let writes
    // resume as soon as HAProxy routes to the new master.
    options.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
    options.ConnectTimeout = 1000;
    options.SyncTimeout = 1000;
    options.AsyncTimeout = 1000;
    options.ReconnectRetryPolicy = new LinearRetry(100);
}

var prefix = Need("WRITER_PREFIX");
var interval = TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("WRITER_INTERVAL_MS") ?? "20", System.Globalization.CultureInfo.InvariantCulture));
var stopFile = Need("WRITER_STOP_FILE");
var version = FileVersionInfo.GetVersionInfo(typeof(ConnectionMultiplexer).Assembly.Location).ProductVersion?.Split('+')[0];
Console.Out.WriteLine($"version StackExchange.Redis {version}");
Console.Out.Flush();

using var connection = await ConnectionMultiplexer.ConnectAsync(options);
var db = connection.GetDatabase();
for (long sequence = 0; !File.Exists(stopFile); sequence++)
{
    var sent = NowMs();
    string line;
    try
    {
        if (!await db.StringSetAsync($"{prefix}:{sequence}", "1")) throw new InvalidOperationException("SET did not answer OK");
        line = $"ok {sequence} {sent} {NowMs()}";
    }
    catch (Exception e)
    {
        line = $"err {sequence} {sent} {NowMs()} {OneLine(e)}";
    }
    Console.Out.WriteLine(line);
    Console.Out.Flush();
    await Task.Delay(interval);
}
