using System.Collections.Concurrent;
using System.Diagnostics;
using RedisHa.Check;
using StackExchange.Redis;

namespace RedisHa.Lab.Clients;

/// <summary>
/// Writes through the endpoint continuously while a scenario runs, with three clients:
/// "se-redis" (StackExchange.Redis, reconnecting by itself), "se-redis-retry" (the same, retrying a
/// failed write once) and "raw" (one persistent RESP connection, reopened only after it breaks).
/// Every write sets a unique key, so afterwards each acknowledged write can be looked up.
/// </summary>
public sealed class EndpointWorkload : IAsyncDisposable
{
    public const string SeRedis = "se-redis";
    public const string SeRedisRetry = "se-redis-retry";
    public const string Raw = "raw";

    /// <summary>How long the retrying client waits before its one retry.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentQueue<WriteRecord> _writes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Task> _loops = [];
    private readonly List<IDisposable> _resources = [];
    private readonly string _prefix;

    private EndpointWorkload(string prefix)
    {
        _prefix = prefix;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <param name="tls">Speak TLS, as every client of a TLS deployment must; null for plain connections.</param>
    public static async Task<EndpointWorkload> StartAsync(string host, int port, string? password, TimeSpan interval, string prefix = "w", TlsClient? tls = null)
    {
        var workload = new EndpointWorkload(prefix);
        // An impatient client (1 s timeouts, no retry) and a typical one (the library's default
        // 5 s timeout, one retry): "a client that retries once sees no error" is about the latter.
        var impatient = await ConnectAsync(host, port, password, TimeSpan.FromSeconds(1), tls);
        var typical = await ConnectAsync(host, port, password, TimeSpan.FromSeconds(5), tls);
        var raw = new RawRespConnection(host, port, password, tls);
        workload._resources.AddRange([impatient, typical, raw]);
        workload._loops.Add(workload.Loop(SeRedis, interval, key => SetAsync(impatient.GetDatabase(), key, retry: false)));
        workload._loops.Add(workload.Loop(SeRedisRetry, interval, key => SetAsync(typical.GetDatabase(), key, retry: true)));
        workload._loops.Add(workload.Loop(Raw, interval, async key =>
        {
            var reply = await raw.SendAsync(TimeSpan.FromSeconds(1), "SET", key, "1");
            if (reply != "+OK") throw new IOException(reply);
        }));
        return workload;
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(string host, int port, string? password, TimeSpan timeout, TlsClient? tls)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { host, port } },
            Password = password,
            AbortOnConnectFail = false,
            ConnectTimeout = (int)timeout.TotalMilliseconds,
            SyncTimeout = (int)timeout.TotalMilliseconds,
            AsyncTimeout = (int)timeout.TotalMilliseconds,
            ReconnectRetryPolicy = new LinearRetry(100),
        };
        tls?.Apply(options);
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private static async Task SetAsync(IDatabase db, string key, bool retry)
    {
        try
        {
            if (!await db.StringSetAsync(key, "1")) throw new IOException("SET returned false");
        }
        catch (Exception) when (retry)
        {
            // Half a second: a connection cut when the master went away is refused until HAProxy
            // approves the next one, a few check intervals later.
            await Task.Delay(RetryDelay);
            if (!await db.StringSetAsync(key, "1")) throw new IOException("SET returned false");
        }
    }

    private Task Loop(string client, TimeSpan interval, Func<string, Task> write) => Task.Run(async () =>
    {
        long sequence = 0;
        while (!_stop.IsCancellationRequested)
        {
            var key = $"{_prefix}:{client}:{sequence}";
            var sentAt = _clock.Elapsed;
            try
            {
                await write(key);
                _writes.Enqueue(new WriteRecord(client, sequence, key, sentAt, _clock.Elapsed - sentAt, true, null));
            }
            catch (Exception e)
            {
                _writes.Enqueue(new WriteRecord(client, sequence, key, sentAt, _clock.Elapsed - sentAt, false, Shorten(e)));
            }
            sequence++;
            try { await Task.Delay(interval, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    private static string Shorten(Exception e)
    {
        var message = e.Message.Split('\n')[0];
        return e.GetType().Name + ": " + (message.Length > 100 ? message[..100] + "..." : message);
    }

    /// <summary>Stops writing and returns what happened.</summary>
    public async Task<WorkloadReport> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return new WorkloadReport(_writes.OrderBy(w => w.SentAt).ToList());
    }

    /// <summary>Acknowledged writes whose key the endpoint no longer has.</summary>
    public static async Task<IReadOnlyList<WriteRecord>> FindLostAsync(WorkloadReport report, string host, int port, string? password, TlsClient? tls = null)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { host, port } }, Password = password, AbortOnConnectFail = false, ConnectTimeout = 2000, SyncTimeout = 5000, AsyncTimeout = 5000,
        };
        tls?.Apply(options);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var db = connection.GetDatabase();
        var lost = new List<WriteRecord>();
        foreach (var chunk in report.Writes.Where(w => w.Acknowledged).Chunk(500))
        {
            var values = await db.StringGetAsync(chunk.Select(w => (RedisKey)w.Key).ToArray());
            lost.AddRange(chunk.Where((_, i) => values[i].IsNull));
        }
        return lost;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        foreach (var resource in _resources) resource.Dispose();
        _stop.Dispose();
    }
}
