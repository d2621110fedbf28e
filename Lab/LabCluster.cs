using System.Security.Cryptography;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Faults;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Processes;
using RedisHa.Lab.Tls;
using StackExchange.Redis;

namespace RedisHa.Lab;

/// <summary>
/// A running lab: the Blueprint's files and scripts, run as real redis-server, redis-sentinel,
/// watcher and haproxy processes on loopback addresses, with faults to inject. The lab runs the
/// init script as the init container would, and the same start, probe and pre-stop scripts as the
/// pods; only the addresses differ. With TLS a throwaway CA stands in for the cluster's Secret.
/// </summary>
public sealed class LabCluster : IAsyncDisposable
{
    /// <summary>The lab's folder that plays the mounted TLS Secret (REDIS_HA_TLS_DIR of every process).</summary>
    public const string TlsFolder = "tls";
    private static readonly string[] NodeProcesses = ["redis", "sentinel", "watcher"];
    private readonly LabState _state;
    private readonly Partition _partition;
    private TlsClient? _tls;

    private LabCluster(string directory, LabState state)
    {
        Directory = directory;
        _state = state;
        Spec = OptionsValidator.Validate(state.Options);
        Blueprint = RedisHaBlueprint.Create(Spec);
        Addresses = new LabAddresses(state.Block, state.NodeHostNumbers);
        Nodes = Enumerable.Range(0, Spec.Replicas).Select(i => new LabNode(Blueprint, Addresses, directory, i, state.Password)).ToList();
        Proxies = Enumerable.Range(0, state.Proxies).Select(i => new LabProxy(Blueprint, Addresses, directory, i, state.Password)).ToList();
        _partition = new Partition(directory);
    }

    public string Directory { get; }
    public RedisHaSpec Spec { get; }
    public RedisHaBlueprint Blueprint { get; }
    public LabAddresses Addresses { get; }
    public IReadOnlyList<LabNode> Nodes { get; }
    public IReadOnlyList<LabProxy> Proxies { get; }
    public string? Password => _state.Password;
    public string Endpoint => $"{Addresses.Endpoint}:{RedisHaSpec.EndpointPort}";
    public IReadOnlyList<string> Sentinels => Addresses.Nodes.Select(a => $"{a}:{RedisHaSpec.SentinelPort}").ToList();
    /// <summary>host:port of the read endpoint (replicas only), on the endpoint's address; null when not enabled.</summary>
    public string? ReadEndpoint => Spec.HasReadEndpoint ? $"{Addresses.Endpoint}:{RedisHaSpec.ReadEndpointPort}" : null;
    public string TlsDirectory => Path.Combine(Directory, TlsFolder);
    /// <summary>The CA that a client of this lab must trust; null without TLS.</summary>
    public string? CaFile => Spec.Tls ? Path.Combine(TlsDirectory, ThrowawayCa.CaFile) : null;

    /// <summary>
    /// How the lab's own clients connect: with TLS, trusting the lab's CA and, when clients must
    /// authenticate, showing the lab's certificate (it is issued for client use too). Null without TLS.
    /// </summary>
    public TlsClient? Tls => Spec.Tls
        ? _tls ??= Spec.Options.Tls.AuthClients
            ? new TlsClient(CaFile!, Path.Combine(TlsDirectory, ThrowawayCa.CertificateFile), Path.Combine(TlsDirectory, ThrowawayCa.KeyFile))
            : new TlsClient(CaFile!)
        : null;

    /// <summary>Every address a certificate of this lab must name: nodes, the endpoint, the proxies, loopback.</summary>
    private IEnumerable<string> CertificateAddresses =>
        [.. Addresses.Nodes, Addresses.Endpoint, .. Proxies.Select(p => p.Address), "127.0.0.1"];

    /// <summary>
    /// Starts a lab and returns once the endpoint accepts writes. On any failure, or cancellation,
    /// everything started so far is stopped and the folder removed.
    /// </summary>
    public static async Task<LabCluster> StartAsync(RedisHaOptions options, LabSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        if (LabState.Load(settings.Directory) is not null)
            throw new InvalidOperationException($"a lab named '{settings.Name}' is already up ({settings.Directory}); run 'redis-ha lab down --name {settings.Name}' first");
        var password = options.Auth ? settings.Password ?? GeneratePassword() : null;
        options = options with { Password = password };
        OptionsValidator.Validate(options); // all problems before anything is created
        var hosts = settings.NodeHostNumbers ?? LabAddresses.DefaultHostNumbers(options.Replicas);
        var state = new LabState
        {
            Options = options,
            Block = LabAddresses.Allocate(hosts).Block,
            NodeHostNumbers = hosts,
            Proxies = settings.Proxies,
            Password = password,
        };
        System.IO.Directory.CreateDirectory(settings.Directory);
        var lab = new LabCluster(settings.Directory, state);
        try
        {
            state.Save(settings.Directory);
            if (lab.Spec.Tls)
            {
                progress?.Report($"issuing certificates from a throwaway CA ({lab.TlsDirectory})");
                await ThrowawayCa.IssueAsync(lab.TlsDirectory, lab.CertificateAddresses, cancel);
            }
            lab.WriteScripts();
            foreach (var node in lab.Nodes)
            {
                progress?.Report($"node {node.Ordinal}: init ({node.Address})");
                node.Prepare();
                await lab.RunInitAsync(node, cancel);
            }
            // Redis first, sentinels once the replicas are attached: a sentinel learns replicas from
            // the master's INFO, which it refreshes only every 10 s, so this order makes the lab
            // ready for a failover seconds sooner. Pods start both at once; the outcome is the same.
            foreach (var node in lab.Nodes)
            {
                progress?.Report($"node {node.Ordinal}: starting redis");
                lab.StartNodeProcesses(node, "redis");
            }
            await lab.WaitForReplicationAsync(settings.StartTimeout, cancel);
            foreach (var node in lab.Nodes)
            {
                progress?.Report($"node {node.Ordinal}: starting sentinel and watcher");
                lab.StartNodeProcesses(node, "sentinel", "watcher");
            }
            foreach (var proxy in lab.Proxies)
            {
                progress?.Report($"proxy {proxy.Index}: starting haproxy ({proxy.Address})");
                lab.StartProxy(proxy);
            }
            progress?.Report($"waiting for the endpoint {lab.Endpoint} to accept writes");
            await lab.WaitForWritableEndpointAsync(settings.StartTimeout, cancel);
            progress?.Report("waiting for every sentinel to know every replica and sentinel");
            await lab.WaitForSettledAsync(settings.StartTimeout, cancel);
            if (lab.ReadEndpoint is not null)
            {
                progress?.Report($"waiting for the read endpoint {lab.ReadEndpoint} to reach a replica");
                await lab.WaitForReadEndpointAsync(settings.StartTimeout, cancel);
            }
            progress?.Report("lab is up");
            return lab;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The folder goes with the lab, so the logs that explain the failure travel in the exception.
            var logs = lab.LogTails(8);
            await lab.DownAsync();
            throw new InvalidOperationException($"{e.Message}\n{logs}", e);
        }
        catch
        {
            await lab.DownAsync();
            throw;
        }
    }

    /// <summary>The last lines of every log of the lab, for error reports.</summary>
    public string LogTails(int lines)
    {
        if (!System.IO.Directory.Exists(Directory)) return "";
        var b = new System.Text.StringBuilder();
        foreach (var log in System.IO.Directory.EnumerateFiles(Directory, "*.log", SearchOption.AllDirectories).Order())
        {
            b.AppendLine($"--- {Path.GetRelativePath(Directory, log)}");
            foreach (var line in File.ReadLines(log).TakeLast(lines)) b.AppendLine(line);
        }
        return b.ToString();
    }

    /// <summary>Finds a lab started by another process (a previous `redis-ha lab up`).</summary>
    public static LabCluster? Attach(LabSettings settings) =>
        LabState.Load(settings.Directory) is { } state ? new LabCluster(settings.Directory, state) : null;

    // ---- processes ----

    private void WriteScripts()
    {
        var dir = Path.Combine(Directory, "scripts");
        System.IO.Directory.CreateDirectory(dir);
        foreach (var (name, content) in Blueprint.Scripts)
        {
            // Run with "sh script", as the pods do from their ConfigMap, so no exec bit is needed.
            File.WriteAllText(Path.Combine(dir, name), content);
        }
    }

    private async Task RunInitAsync(LabNode node, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var wait = TimeSpan.FromMilliseconds(Spec.Timings.DownAfterMilliseconds + Spec.Timings.FailoverTimeoutMilliseconds + 30000);
        var (code, output) = await ProcessLauncher.RunAsync(node.Environment, wait, "sh", node.Script("init.sh"), "all");
        await File.AppendAllTextAsync(node.Log("init"), output, cancel);
        if (code != 0) throw new InvalidOperationException($"init.sh failed on node {node.Ordinal} (exit {code}):\n{output}");
    }

    private void StartNodeProcesses(LabNode node, params string[] which)
    {
        foreach (var process in which.Length == 0 ? NodeProcesses : which)
        {
            var started = ProcessLauncher.Start($"{node.Key}/{process}", node.Log(process), node.Environment, "sh", node.Script($"{process}.sh"));
            _state.Processes[started.Name] = started;
        }
        _state.Save(Directory);
    }

    private void StartProxy(LabProxy proxy)
    {
        proxy.Prepare();
        var started = ProcessLauncher.Start(proxy.Key, proxy.LogFile, proxy.Environment, "sh", proxy.StartScript);
        _state.Processes[started.Name] = started;
        _state.Save(Directory);
    }

    public LabProcess? Process(string key) => _state.Processes.GetValueOrDefault(key);

    public IEnumerable<LabProcess> NodeProcessesOf(int ordinal) =>
        NodeProcesses.Select(p => Process($"node-{ordinal}/{p}")).OfType<LabProcess>();

    // ---- faults ----

    /// <summary>SIGKILL some or all of a node's processes (redis, sentinel, watcher).</summary>
    public async Task KillAsync(int ordinal, params string[] processes)
    {
        foreach (var key in (processes.Length == 0 ? NodeProcesses : processes).Select(p => $"node-{ordinal}/{p}"))
            if (Process(key) is { } process) await process.KillAsync();
    }

    public async Task KillProxyAsync(int index)
    {
        if (Process($"proxy-{index}") is { } process) await process.KillAsync();
    }

    public Task StartProxyAsync(int index)
    {
        StartProxy(Proxies[index]);
        return Task.CompletedTask;
    }

    /// <summary>SIGSTOP a node's redis: alive but silent, like a stalled VM or a long-blocking command.</summary>
    public void Pause(int ordinal) => Process($"node-{ordinal}/redis")?.Signal(PosixSignals.SigStop);

    public void Resume(int ordinal) => Process($"node-{ordinal}/redis")?.Signal(PosixSignals.SigCont);

    public void Cut(int ordinal)
    {
        var address = Nodes[ordinal].Address;
        var others = Addresses.Nodes.Where(a => a != address).Concat(Proxies.Select(p => p.Address)).ToList();
        _partition.Cut(address, others);
        if (!_state.Partitioned.Contains(ordinal)) _state.Partitioned.Add(ordinal);
        _state.Save(Directory);
    }

    public void Heal(int ordinal)
    {
        _partition.Heal(Nodes[ordinal].Address);
        _state.Partitioned.Remove(ordinal);
        _state.Save(Directory);
    }

    /// <summary>
    /// Stops a node (SIGTERM, as the kubelet would after pre-stop) and starts it again through the
    /// init script, optionally with its data wiped (a pod rescheduled onto an empty volume).
    /// </summary>
    public async Task RestartNodeAsync(int ordinal, bool wipe = false, bool planned = false, CancellationToken cancel = default)
    {
        var node = Nodes[ordinal];
        if (planned) await RunPreStopAsync(node, cancel);
        await StopNodeAsync(ordinal);
        if (wipe) node.WipeData();
        await StartNodeAsync(ordinal, cancel);
    }

    /// <summary>Starts a stopped node as a restarted pod would: init script, then its containers.</summary>
    public async Task StartNodeAsync(int ordinal, CancellationToken cancel = default)
    {
        var node = Nodes[ordinal];
        node.Prepare();
        await RunInitAsync(node, cancel);
        StartNodeProcesses(node);
    }

    /// <summary>
    /// Starts a node's redis straight from the runtime config it had before, without the init
    /// script: a node that comes back believing what it was when it went down (e.g. master).
    /// </summary>
    public void StartStaleRedis(int ordinal)
    {
        var node = Nodes[ordinal];
        var started = ProcessLauncher.Start($"{node.Key}/redis", node.Log("redis"), node.Environment, "redis-server", Path.Combine(node.RunDir, "redis.conf"));
        _state.Processes[started.Name] = started;
        _state.Save(Directory);
    }

    public void StartNodeProcess(int ordinal, string process) => StartNodeProcesses(Nodes[ordinal], process);

    /// <summary>Stops every process of a node (SIGTERM, then SIGKILL), as a pod deletion without pre-stop would.</summary>
    public async Task StopNodeAsync(int ordinal)
    {
        foreach (var process in NodeProcessesOf(ordinal)) await process.StopAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The planned handover a pod's pre-stop hook performs, on the current master, without stopping it.</summary>
    public async Task<string> PlannedFailoverAsync(CancellationToken cancel = default)
    {
        var master = await FindMasterAsync() ?? throw new InvalidOperationException("no node is master: nothing to hand over");
        var output = await RunPreStopAsync(Nodes[master], cancel);
        // A pod would stop now; a node that stays up must take writes again once it is a replica.
        await RedisProbe.ExecuteAsync(Nodes[master].Address, RedisHaSpec.RedisPort, Password, Tls, "CLIENT", "UNPAUSE");
        return output;
    }

    private async Task<string> RunPreStopAsync(LabNode node, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromMilliseconds(Spec.Timings.HandoverTimeoutMilliseconds + 10000);
        var (_, output) = await ProcessLauncher.RunAsync(node.Environment, timeout, "sh", node.Script("prestop.sh"));
        await File.AppendAllTextAsync(node.Log("prestop"), output, cancel);
        return output;
    }

    /// <summary>Runs the pod's readiness probe script for a node.</summary>
    public async Task<bool> IsReadyAsync(int ordinal)
    {
        var node = Nodes[ordinal];
        var (code, _) = await ProcessLauncher.RunAsync(node.Environment, TimeSpan.FromSeconds(10), "sh", node.Script("readiness.sh"));
        return code == 0;
    }

    // ---- observation ----

    public Task<string?> RoleAsync(int ordinal) => RedisProbe.RoleAsync(Nodes[ordinal].Address, RedisHaSpec.RedisPort, Password, Tls);

    public Task<string?> SentinelMasterAsync(int ordinal) =>
        RedisProbe.SentinelMasterAsync(Nodes[ordinal].Address, RedisHaSpec.SentinelPort, Password, Spec.MasterName, Tls);

    /// <summary>The node that a quorum of sentinels names and that answers role master; null if none.</summary>
    public async Task<int?> FindMasterAsync()
    {
        var named = (await Task.WhenAll(Nodes.Select(n => SentinelMasterAsync(n.Ordinal)))).Where(a => a is not null)
            .GroupBy(a => a).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (named is null || named.Count() < Spec.Quorum) return null;
        var ordinal = Addresses.Nodes.ToList().IndexOf(named.Key!);
        return ordinal >= 0 && await RoleAsync(ordinal) == "master" ? ordinal : null;
    }

    public async Task<LabStatus> StatusAsync()
    {
        var nodes = await Task.WhenAll(Nodes.Select(async n => new NodeStatus(
            n.Ordinal, n.Address, await RoleAsync(n.Ordinal), await SentinelMasterAsync(n.Ordinal),
            NodeProcesses.Where(p => Process($"{n.Key}/{p}")?.IsAlive == true).ToList(),
            _state.Partitioned.Contains(n.Ordinal),
            Process($"{n.Key}/redis")?.IsStopped == true)));
        var routes = HaproxyRoute.All(Spec.Replicas, Spec.Quorum);
        var proxies = await Task.WhenAll(Proxies.Select(async p =>
        {
            var up = await HaproxyAdmin.RouteStatusAsync(p.AdminSocket);
            var routed = up is null ? [] : routes.Where(r => up.GetValueOrDefault(r.Backend) == "UP").Select(r => r.Node).Distinct().ToList();
            return new ProxyStatus(p.Index, p.Address, Process(p.Key)?.IsAlive == true, routed);
        }));
        return new LabStatus(nodes, proxies);
    }

    public ConfigurationOptions ClientOptions(string endpoint)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { endpoint },
            Password = Password,
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ConnectRetry = 1,
        };
        Tls?.Apply(options);
        return options;
    }

    /// <summary>Polls until one node is master with every other node attached and in sync.</summary>
    public async Task WaitForReplicationAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, "replication to start", async () =>
        {
            var roles = await Task.WhenAll(Nodes.Select(n => RoleAsync(n.Ordinal)));
            if (roles.Count(r => r == "master") != 1) return false;
            var master = Array.IndexOf(roles, "master");
            var info = await RedisProbe.InfoAsync(Nodes[master].Address, RedisHaSpec.RedisPort, Password, "replication", Tls);
            return info is not null && info.Keys.Count(k => k.StartsWith("slave", StringComparison.Ordinal) && info[k].Contains("state=online")) == Nodes.Count - 1;
        });
    }

    /// <summary>
    /// Polls until every sentinel knows every replica and every other sentinel, and agrees on the
    /// master: only then can the lab survive a fault the way a long-running deployment would.
    /// </summary>
    public async Task WaitForSettledAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, "the sentinels to settle", async () =>
        {
            if (await FindMasterAsync() is null) return false;
            foreach (var node in Nodes)
            {
                var reply = await RedisProbe.ExecuteAsync(node.Address, RedisHaSpec.SentinelPort, Password, Tls, CommandMap.Sentinel, "SENTINEL", "MASTER", Spec.MasterName);
                if (reply is null || reply.Resp2Type != ResultType.Array) return false;
                var fields = reply.ToDictionary();
                if ((string?)fields.GetValueOrDefault("num-slaves") != (Nodes.Count - 1).ToString() ||
                    (string?)fields.GetValueOrDefault("num-other-sentinels") != (Nodes.Count - 1).ToString())
                    return false;
            }
            return true;
        });
    }

    private static async Task PollAsync(TimeSpan timeout, CancellationToken cancel, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100, cancel);
        }
    }

    /// <summary>Polls until a SET through the endpoint succeeds.</summary>
    public async Task WaitForWritableEndpointAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancel.ThrowIfCancellationRequested();
            var reply = await RedisProbe.ExecuteAsync(Addresses.Endpoint, RedisHaSpec.EndpointPort, Password, Tls, "SET", "redis-ha:lab:probe", DateTime.UtcNow.ToString("O"));
            if (reply is not null && (string?)reply == "OK") return;
            last = reply?.ToString() ?? "no answer";
            await Task.Delay(200, cancel);
        }
        throw new TimeoutException($"the endpoint {Endpoint} did not accept a write within {timeout.TotalSeconds:0} s (last: {last}); see the logs in {Directory}");
    }

    /// <summary>Polls until a connection through the read endpoint reaches a replica.</summary>
    public async Task WaitForReadEndpointAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, $"the read endpoint {ReadEndpoint} to reach a replica", async () =>
            await RedisProbe.RoleAsync(Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, Password, Tls) == "slave");
    }

    // ---- teardown ----

    /// <summary>Stops every process this lab started, removes its firewall rules and its folder. Idempotent.</summary>
    public async Task DownAsync()
    {
        _partition.RemoveAll();
        await Task.WhenAll(_state.Processes.Values.Select(p => p.StopAsync(TimeSpan.FromSeconds(3))));
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
}
