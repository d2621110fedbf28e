using System.Net;
using System.Net.Sockets;
using System.Text;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>
/// Real redis-server, redis-sentinel and haproxy processes on loopback addresses, each started from
/// the rendered files plus the lines init.sh would append. Every node is a standalone master;
/// each sentinel is told which node to name, so a test decides what the sentinels say and what
/// every node is, then watches where HAProxy sends a client.
/// </summary>
public sealed class RedisHaProcesses : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly HaproxySetup _haproxy;
    private readonly BackgroundProcess _haproxyProcess;
    private readonly List<BackgroundProcess> _redis = [];
    private readonly List<BackgroundProcess> _sentinels = [];
    private readonly RedisHaSpec _spec;

    /// <param name="nodeHosts">Last byte of each node's address (node i gets 127.77.X.nodeHosts[i]).</param>
    /// <param name="namedBySentinel">Which node sentinel i names as master.</param>
    /// <param name="haproxyPasswords">What HAProxy's environment holds (new and previous password of a rotation); by default <paramref name="password"/> alone.</param>
    public RedisHaProcesses(RedisHaSpec spec, string password, int[] nodeHosts, int[] namedBySentinel, (string Current, string? Previous)? haproxyPasswords = null)
    {
        Password = password;
        _spec = spec;
        try
        {
            var addresses = LoopbackAddress.RandomBlock([.. nodeHosts, 250]);
            Nodes = addresses.Take(nodeHosts.Length).ToList();
            Proxy = addresses[^1];
            var files = new ConfigFiles(spec);
            var secret = ConfQuoted(password);
            for (var i = 0; i < Nodes.Count; i++)
            {
                var dir = Own(new TempDirectory());
                var redisConf = dir.Write("redis.conf", files.RedisConf +
                    $"dir {dir.Path}\nbind {Nodes[i]}\nrequirepass {secret}\nmasterauth {secret}\n");
                var redis = Own(BackgroundProcess.Start("redis-server", [redisConf]));
                _redis.Add(redis);
                RespConnection.OpenWhenListening(Nodes[i], RedisHaSpec.RedisPort, redis).Dispose();

                var sentinelConf = dir.Write("sentinel.conf",
                    files.SentinelConf.Replace(SentinelConf.MasterHostPlaceholder, Nodes[namedBySentinel[i]].ToString(), StringComparison.Ordinal) +
                    $"bind {Nodes[i]}\nsentinel auth-pass {spec.MasterName} {secret}\nrequirepass {secret}\nsentinel sentinel-pass {secret}\n");
                var sentinel = Own(BackgroundProcess.Start("redis-sentinel", [sentinelConf], dir.Path));
                _sentinels.Add(sentinel);
                RespConnection.OpenWhenListening(Nodes[i], RedisHaSpec.SentinelPort, sentinel).Dispose();
            }
            _haproxy = Own(new HaproxySetup(spec, Proxy, Nodes, haproxyPasswords?.Current ?? password, haproxyPasswords?.Previous));
            _haproxyProcess = Own(_haproxy.Start());
            _haproxy.ServersStateWhenReady(_haproxyProcess);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Password { get; }
    public IReadOnlyList<IPAddress> Nodes { get; }
    public IPAddress Proxy { get; }

    /// <summary>A connection straight to node <paramref name="node"/>'s Redis, authenticated.</summary>
    public RespConnection Redis(int node)
    {
        var connection = RespConnection.Open(Nodes[node], RedisHaSpec.RedisPort);
        Assert.Equal("OK", connection.Call("AUTH", Password));
        return connection;
    }

    /// <summary>An authenticated client connection through HAProxy, or null when HAProxy refuses it.</summary>
    public RespConnection? ConnectThroughProxy()
    {
        RespConnection? connection = null;
        try
        {
            connection = RespConnection.Open(Proxy, RedisHaSpec.EndpointPort);
            if (connection.Call("AUTH", Password) == "OK") return connection;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // Refused: HAProxy closed the connection at once.
        }
        connection?.Dispose();
        return null;
    }

    /// <summary>Which node a new client connection reaches, or null when HAProxy refuses it.</summary>
    public int? NodeReachedThroughProxy()
    {
        using var connection = ConnectThroughProxy();
        return connection is null ? null : NodeOf(connection);
    }

    public int NodeOf(RespConnection connection)
    {
        var bind = connection.Call("CONFIG", "GET", "bind").Split('\n')[1];
        return Nodes.Select(n => n.ToString()).ToList().IndexOf(bind);
    }

    /// <summary>
    /// Waits until every checked HAProxy server has finished at least one check since start, and
    /// sentinel-approvals.lua has had an answer from every sentinel (it logs what each one names
    /// when that changes; a sentinel still starting is logged as not answering).
    /// </summary>
    public void WaitForEveryServerToBeChecked()
    {
        Poll.Until(() => ServerCheckStatuses().All(s => s.Status.Length > 0 && !s.Status.Contains("INI", StringComparison.Ordinal))
                && Enumerable.Range(0, Nodes.Count).All(s => _haproxyProcess.Output.Contains($"sentinel-approvals.lua: sentinel {s} names ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), () => string.Join('\n', ServerCheckStatuses()) + "\n" + _haproxyProcess.Output);
    }

    /// <summary>The nodes HAProxy routes new connections to, read from its servers' states.</summary>
    public IReadOnlyList<int> RoutedNodes()
    {
        var up = StatRows().Where(IsUpServer).Select(r => (r["pxname"], r["svname"])).ToHashSet();
        return HaproxyBackends.RoutedNodes(Nodes.Count, _spec.Quorum, (backend, server) => up.Contains((backend, server)));
    }

    /// <summary>Whether node <paramref name="node"/>'s server is UP: it passed its check, or sentinel-approvals.lua forced it UP.</summary>
    public bool NodeServerIsUp(int node) =>
        StatRows().Any(r => r["pxname"] == HaproxyBackends.Node(node) && r["svname"] == HaproxyBackends.RedisServer && IsUpServer(r));

    /// <summary>How many sentinels HAProxy currently counts as naming <paramref name="node"/>.</summary>
    public int ApprovingSentinels(int node) => StatRows().Count(r => r["pxname"] == HaproxyBackends.Approval(node) && IsUpServer(r));

    // A checked server that passed its check reads "UP"; an approval server (no check) that
    // sentinel-approvals.lua made ready reads "no check", and "MAINT" otherwise.
    private static bool IsUpServer(Dictionary<string, string> row) => row["svname"] is not ("FRONTEND" or "BACKEND")
        && (row["status"].StartsWith("UP", StringComparison.Ordinal) || row["status"] == "no check");

    public int CheckIntervalMilliseconds => _spec.Timings.HaproxyCheckIntervalMilliseconds;

    /// <summary>Stops HAProxy as a kubelet stops the haproxy image: with its stop signal, SIGUSR1 (a soft stop).</summary>
    public void StopProxyWithTheImagesStopSignal() => _haproxyProcess.Signal("USR1");

    public bool ProxyHasExited => _haproxyProcess.HasExited;

    /// <summary>Kills node <paramref name="node"/>'s redis-server (SIGKILL): its port refuses connections from then on.</summary>
    public void KillRedis(int node) => _redis[node].Dispose();

    /// <summary>
    /// Stops HAProxy's checks of node <paramref name="node"/>'s server, which keeps the state it had
    /// (`disable health`): the moments between a node's death and its next check, held open.
    /// </summary>
    public void StopCheckingNode(int node) =>
        _haproxy.Command($"disable health {HaproxyBackends.Node(node)}/{HaproxyBackends.RedisServer}");

    /// <summary>Stops sentinel <paramref name="sentinel"/>'s process: it no longer answers anyone.</summary>
    public void StopSentinel(int sentinel) => _sentinels[sentinel].Dispose();

    /// <summary>
    /// Has sentinel <paramref name="sentinel"/> announce an event that changes nothing HAProxy
    /// cares about (SENTINEL SET of a value it already has publishes "+set").
    /// </summary>
    public void MakeSentinelAnnounceAnEvent(int sentinel)
    {
        using var connection = RespConnection.Open(Nodes[sentinel], RedisHaSpec.SentinelPort);
        Assert.Equal("OK", connection.Call("AUTH", Password));
        Assert.Equal("OK", connection.Call("SENTINEL", "SET", _spec.MasterName, "auth-pass", Password));
    }

    /// <summary>Freezes sentinel <paramref name="sentinel"/>'s process (SIGSTOP): its connections stay open, it answers nothing.</summary>
    public void FreezeSentinel(int sentinel) => _sentinels[sentinel].Freeze();

    public void ThawSentinel(int sentinel) => _sentinels[sentinel].Thaw();

    /// <summary>
    /// Makes sentinel <paramref name="sentinel"/> name <paramref name="node"/> from now on, as a
    /// sentinel does once it learns a failover's new master.
    /// </summary>
    public void PointSentinelAt(int sentinel, int node)
    {
        using var connection = RespConnection.Open(Nodes[sentinel], RedisHaSpec.SentinelPort);
        Assert.Equal("OK", connection.Call("AUTH", Password));
        Assert.Equal("OK", connection.Call("SENTINEL", "REMOVE", _spec.MasterName));
        Assert.Equal("OK", connection.Call("SENTINEL", "MONITOR", _spec.MasterName, Nodes[node].ToString(), $"{RedisHaSpec.RedisPort}", $"{_spec.Quorum}"));
        Assert.Equal("OK", connection.Call("SENTINEL", "SET", _spec.MasterName, "auth-pass", Password));
    }

    /// <summary>HAProxy's log, then every server's state and last check result: what a failed test shows.</summary>
    public string HaproxyOutput => _haproxyProcess.Output + "\n" + string.Join('\n',
        StatRows().Where(r => r["svname"] is not ("FRONTEND" or "BACKEND")).Select(r => $"{r["pxname"]}/{r["svname"]}: {r["status"]} {r["check_status"]} {r["last_chk"]}"));

    private IEnumerable<(string Server, string Status)> ServerCheckStatuses() =>
        StatRows().Where(r => r["svname"] is not ("FRONTEND" or "BACKEND") && r["status"] is not ("no check" or "MAINT"))
            .Select(r => ($"{r["pxname"]}/{r["svname"]}", r["check_status"]));

    private List<Dictionary<string, string>> StatRows()
    {
        var lines = _haproxy.Command("show stat").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(fields => header.Select((name, i) => (name, value: i < fields.Length ? fields[i] : "")).Where(x => x.name.Length > 0)
                .ToDictionary(x => x.name, x => x.value))
            .ToList();
    }

    /// <summary>What init.sh's conf_quote writes: every byte as \xHH in double quotes.</summary>
    private static string ConfQuoted(string value) =>
        "\"" + string.Concat(Encoding.UTF8.GetBytes(value).Select(b => $"\\x{b:x2}")) + "\"";

    private T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        // Processes first (newest first), then their folders.
        foreach (var resource in Enumerable.Reverse(_owned)) resource.Dispose();
        _owned.Clear();
    }
}
