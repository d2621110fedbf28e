using System.Security.Cryptography;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Faults;
using RedisHa.Lab.Processes;
using RedisHa.Lab.Tls;

namespace RedisHa.Lab;

/// <summary>
/// A running lab: the Blueprint's files and scripts, run as real redis-server, redis-sentinel,
/// watcher and haproxy processes on loopback addresses, with faults to inject. The lab runs the
/// init script as the init container would, and the same start, probe and pre-stop scripts as the
/// pods; only the addresses differ. With TLS a throwaway CA stands in for the cluster's Secret.
/// This file starts, finds and stops a lab; LabCluster.Faults.cs injects failures and
/// LabCluster.Observation.cs reports and waits for its state.
/// </summary>
public sealed partial class LabCluster : IAsyncDisposable
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
