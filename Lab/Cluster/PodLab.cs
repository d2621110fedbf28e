using System.Net;
using System.Security.Cryptography;
using k8s.Models;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Cluster.Controllers;
using RedisHa.Lab.Cluster.Kubelet;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Containers;
using RedisHa.Lab.Node.Network;
using RedisHa.Lab.Tls;

namespace RedisHa.Lab.Cluster;

/// <summary>
/// A one-node Kubernetes cluster made of existing parts, running exactly the objects the Blueprint
/// renders: runc containers in pod network namespaces, StatefulSet and Deployment controllers, a
/// kubelet with probes, restarts and graceful termination, Services by iptables, DNS by dnsmasq,
/// NetworkPolicies by iptables. What this machine cannot do (real images, several nodes,
/// scheduling, admission) is said once at start. This file starts and stops a lab; the verbs
/// (delete pod, faults, exec) and what it reports are in the other parts of this class.
/// </summary>
public sealed partial class PodLab : IAsyncDisposable, IPodStore
{
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromMilliseconds(250);
    private readonly object _gate = new();
    private readonly List<LabPod> _pods = [];
    private readonly HashSet<string> _held = [];
    private readonly List<Cut> _cuts = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly IProgress<string>? _events;
    private readonly ServiceController _services;
    private readonly StatefulSetController _statefulSets;
    private readonly DeploymentController _deployments;
    private readonly HostForwarder _forwarder;
    private readonly ClusterDns _dns;
    private readonly HashSet<string> _forwarded = [];
    private Task? _loop;
    private IReadOnlyList<k8s.IKubernetesObject>? _startFrom;
    private int _applies;

    private PodLab(string directory, LabRecord record, NodeNetwork network, ContainerRuntime runtime, IProgress<string>? events, IReadOnlyList<k8s.IKubernetesObject>? startFrom)
    {
        _startFrom = startFrom;
        Directory = directory;
        Record = record;
        Network = network;
        Runtime = runtime;
        _events = events;
        Render(record.Options);
        Node = new NodeContext(runtime, network, Path.Combine(directory, "pods"), () => Objects, Wake, Log);
        _dns = new ClusterDns(network, Path.Combine(directory, "dns"));
        _services = new ServiceController(new ServiceProxy(network), _dns, new PodFirewall(network), ClusterIp);
        _statefulSets = new StatefulSetController(this);
        _deployments = new DeploymentController(this);
        _forwarder = new HostForwarder(network);
    }

    static PodLab()
    {
        // The kubelet, the controllers and the probes block thread-pool threads on tools (ip, runc,
        // iptables). With the default minimum of one thread per core, pods started together queued
        // behind each other while the pool added about a thread a second (measured: the sixth pod
        // began its setup 2 s after the first).
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), completionPorts);
    }

    public string Directory { get; }
    public LabRecord Record { get; }
    public NodeNetwork Network { get; }
    public ContainerRuntime Runtime { get; }
    public NodeContext Node { get; }
    public RedisHaSpec Spec { get; private set; } = null!;
    public RedisHaBlueprint Blueprint { get; private set; } = null!;
    public ClusterObjects Objects { get; private set; } = null!;
    public string? Password => Record.Password;

    /// <summary>
    /// Starts a lab and returns once every pod is Ready and a write through the endpoint succeeded.
    /// Bad options fail before anything is made; any later failure removes what was made.
    /// </summary>
    public static async Task<PodLab> StartAsync(RedisHaOptions options, PodLabSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        LabPrerequisites.Check();
        var password = options.Auth ? settings.Password ?? GeneratePassword() : null;
        options = options with { Password = password };
        OptionsValidator.Validate(options); // every problem at once, before anything is made
        if (LabRecord.Load(settings.Directory) is not null)
            throw new InvalidOperationException($"a lab named '{settings.Name}' is already up ({settings.Directory}); run 'redis-ha lab down --name {settings.Name}' first");
        System.IO.Directory.CreateDirectory(settings.Directory);
        var plan = LabNetworkPlan.Allocate(settings.Name);
        var record = new LabRecord { Name = settings.Name, Options = options, NetworkIndex = plan.Index, Password = password,
            Host = Processes.LabProcess.Adopt("lab", Environment.ProcessId, Path.Combine(settings.Directory, "serve.log")) };
        record.Save(settings.Directory);
        PodLab? lab = null;
        try
        {
            var network = NodeNetwork.Create(plan);
            var runtime = new ContainerRuntime(Path.Combine(settings.Directory, "runc"), new RootFilesystems(Path.Combine(settings.Directory, "rootfs")));
            lab = new PodLab(settings.Directory, record, network, runtime, progress, settings.StartFrom);
            await lab.BootAsync(settings.StartTimeout, cancel);
            return lab;
        }
        catch (Exception e)
        {
            var logs = lab?.LogTails(10) ?? "";
            if (lab is not null) await lab.DownAsync();
            else await DestroyAsync(settings.Directory);
            if (e is OperationCanceledException) throw;
            throw new InvalidOperationException($"{e.Message}\n{logs}", e);
        }
    }

    private async Task BootAsync(TimeSpan timeout, CancellationToken cancel)
    {
        foreach (var image in Images()) Log($"image {image.Image}: stand-in {image.Program} {image.Version}");
        Log("one node: affinity, anti-affinity and topology spread are not scheduled here (every pod runs on this node)");
        if (Objects.NotActedOn.ToList() is { Count: > 0 } ignored) Log($"not acted on in a one-node lab: {string.Join(", ", ignored)}");
        _dns.Start();
        AllocateClusterIps();
        if (Spec.Tls) await IssueCertificatesAsync(cancel);
        Render(Record.Options);
        StartForwards();
        _loop = Task.Run(() => ReconcileLoopAsync(_stop.Token));
        await WaitUntilServingAsync(timeout, cancel);
        Log($"lab is up: endpoint {Endpoint}");
    }

    /// <summary>
    /// Renders the options and adds the Secrets a kubectl user would create (password, TLS). What the
    /// lab held before and this render drops is kept as retiring (<see cref="ClusterObjects.Retiring"/>).
    /// </summary>
    private void Render(RedisHaOptions options)
    {
        Spec = OptionsValidator.Validate(options);
        Blueprint = RedisHaBlueprint.Create(Spec);
        Objects = ClusterObjects.From(_startFrom ?? Blueprint.Kubernetes.All, Secrets(), before: Objects);
    }

    private IEnumerable<V1Secret> Secrets()
    {
        if (Record.Password is { } password)
        {
            var data = new Dictionary<string, byte[]> { [ObjectNames.PasswordKey] = System.Text.Encoding.UTF8.GetBytes(password) };
            // During a rotation the Secret holds the password being rotated away from too.
            if (Spec.Options.PreviousPassword is { } previous) data[ObjectNames.PreviousPasswordKey] = System.Text.Encoding.UTF8.GetBytes(previous);
            yield return Secret(Spec.Names.PasswordSecret, data);
        }
        if (Spec.Tls && File.Exists(Path.Combine(TlsDirectory, ThrowawayCa.CaFile)))
            yield return Secret(Spec.Options.Tls.SecretName!, new[] { ThrowawayCa.CaFile, ThrowawayCa.CertificateFile, ThrowawayCa.KeyFile }
                .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(TlsDirectory, f))));
    }

    private V1Secret Secret(string name, Dictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Spec.Namespace },
        Type = "Opaque",
        Data = data,
    };

    public string TlsDirectory => Path.Combine(Directory, "tls");

    /// <summary>The lab's stand-in for cert-manager: every Service address and every host forward is in the certificate.</summary>
    private Task IssueCertificatesAsync(CancellationToken cancel) =>
        ThrowawayCa.IssueAsync(TlsDirectory, [.. Record.ClusterIps.Values, .. Record.HostAddresses.Values, "127.0.0.1"], cancel);

    private IEnumerable<ImageStandIn> Images() =>
        Objects.StatefulSets.Select(s => s.Spec.Template.Spec).Concat(Objects.Deployments.Select(d => d.Spec.Template.Spec))
            .SelectMany(p => (p.InitContainers ?? []).Concat(p.Containers)).Select(c => c.Image).Distinct().Select(ImageCatalog.Resolve);

    /// <summary>ClusterIPs for Services that want one, and a loopback address on the host for each.</summary>
    private void AllocateClusterIps()
    {
        foreach (var service in Objects.Services.Where(s => s.Spec.ClusterIP != "None"))
        {
            var key = ServiceController.Key(service);
            if (Record.ClusterIps.ContainsKey(key)) continue;
            var n = Record.ClusterIps.Count + 1;
            Record.ClusterIps[key] = Network.Plan.ServiceIp(n).ToString();
            Record.HostAddresses[key] = Network.Plan.HostAddress(n).ToString();
        }
        Record.Save(Directory);
    }

    private IPAddress? ClusterIp(string key) => Record.ClusterIps.TryGetValue(key, out var ip) ? IPAddress.Parse(ip) : null;

    /// <summary>Every port of every ClusterIP Service, reachable from the host on the Service's own loopback address.</summary>
    private void StartForwards()
    {
        foreach (var service in Objects.Services.Where(s => s.Spec.ClusterIP != "None"))
        {
            var key = ServiceController.Key(service);
            foreach (var port in service.Spec.Ports ?? [])
            {
                if (!_forwarded.Add($"{key}:{port.Port}")) continue;
                _forwarder.Add(new IPEndPoint(IPAddress.Parse(Record.HostAddresses[key]), port.Port), new IPEndPoint(ClusterIp(key)!, port.Port));
            }
        }
    }

    private async Task ReconcileLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                Reconcile();
            }
            catch (Exception e)
            {
                Log($"reconcile: {e.Message}");
            }
            try { await _wake.WaitAsync(ReconcileInterval, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    private void Reconcile()
    {
        lock (_gate)
        {
            _pods.RemoveAll(p => p.Phase == PodPhase.Terminated);
            foreach (var set in Objects.StatefulSets) _statefulSets.Reconcile(set);
            foreach (var deployment in Objects.Deployments) _deployments.Reconcile(deployment);
            _services.Reconcile(Objects, _pods.ToList(), _cuts.ToList(), Record.ExtraNamespaces);
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    private void Log(string message)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {message}";
        try { File.AppendAllText(Path.Combine(Directory, "events.log"), line + "\n"); } catch (IOException) { }
        _events?.Report(message);
    }

    // ---- IPodStore: the API server's part, for the controllers ----

    IReadOnlyList<LabPod> IPodStore.Owned(string ownerKey)
    {
        lock (_gate) return _pods.Where(p => p.Owner.Key == ownerKey && p.Phase != PodPhase.Terminated).ToList();
    }

    LabPod IPodStore.Create(string ns, string name, V1PodTemplateSpec template, PodOwner owner, IReadOnlyDictionary<string, string> claims)
    {
        var pod = new LabPod(Node, ns, name, template, owner, claims);
        lock (_gate) _pods.Add(pod);
        Log($"{name}: created ({owner.Key}, revision {owner.Revision})");
        pod.Start();
        return pod;
    }

    void IPodStore.Delete(LabPod pod)
    {
        Log($"{pod.Name}: deleting");
        _ = pod.TerminateAsync(graceful: true);
    }

    bool IPodStore.IsHeld(string podName)
    {
        lock (_gate) return _held.Contains(podName);
    }

    public string ClaimDirectory(string claimName) => Path.Combine(Directory, "claims", claimName);

    public IReadOnlyList<LabPod> Pods
    {
        get { lock (_gate) return _pods.Where(p => p.Phase != PodPhase.Terminated).ToList(); }
    }

    // ---- teardown ----

    /// <summary>Stops every pod (at once, no hooks), the forwards and DNS, removes namespaces, rules and the folder. Idempotent.</summary>
    public async Task DownAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        await _forwarder.DisposeAsync();
        await Task.WhenAll(Pods.Select(p => p.TerminateAsync(graceful: false)));
        Network.Dispose();
        await DestroyAsync(Directory);
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    /// <summary>
    /// Removes a lab from what it recorded on disk: every container of its runtime, its DNS server,
    /// its network namespaces (and their rules), mounts under its folder, and the folder itself.
    /// Works when the lab's own process died or a start was interrupted.
    /// </summary>
    public static async Task DestroyAsync(string directory)
    {
        var record = LabRecord.Load(directory);
        // The lab's own process, when another one (lab down) removes the lab: it must not run on.
        if (record is not null && record.Host.Pid != Environment.ProcessId) await record.Host.StopAsync(TimeSpan.FromSeconds(5));
        var runtime = new ContainerRuntime(Path.Combine(directory, "runc"), new RootFilesystems(Path.Combine(directory, "rootfs")));
        if (System.IO.Directory.Exists(runtime.StateDirectory)) await runtime.DestroyAllAsync();
        if (record is not null)
        {
            var plan = new LabNetworkPlan(record.Name, record.NetworkIndex);
            // The node namespace may be gone already (an earlier, interrupted down): dnsmasq is then gone with it.
            if (System.IO.Directory.Exists(Path.Combine(directory, "dns")) && File.Exists($"/run/netns/{plan.NodeNamespace}"))
                new ClusterDns(NodeNetwork.Attach(plan), Path.Combine(directory, "dns")).Stop();
            NodeNetwork.Destroy(plan);
        }
        var pods = Path.Combine(directory, "pods");
        if (System.IO.Directory.Exists(pods))
            foreach (var pod in System.IO.Directory.EnumerateDirectories(pods)) PodVolumes.Remove(pod);
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// Removes every lab under <paramref name="home"/> whose own process is gone (a test run or a
    /// `lab serve` that was killed): its containers would otherwise run on with nobody to stop them.
    /// </summary>
    public static async Task DestroyOrphansAsync(string home)
    {
        if (!System.IO.Directory.Exists(home)) return;
        foreach (var directory in System.IO.Directory.EnumerateDirectories(home))
        {
            var record = LabRecord.Load(directory);
            if (record is not null && !record.Host.IsAlive) await DestroyAsync(directory);
        }
    }

    /// <summary>The last lines of the lab's event log and of every container log, for error reports.</summary>
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

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
}
