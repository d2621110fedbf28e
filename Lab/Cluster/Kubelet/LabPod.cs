using System.Security.Cryptography;
using k8s.Models;
using RedisHa.Lab.Node.Containers;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>
/// A pod on the lab's node, from creation to the end of its termination: its own network namespace
/// and address, its volumes, a pause sandbox, its init containers in order, then its containers,
/// each supervised by a <see cref="ContainerRun"/>.
/// </summary>
public sealed class LabPod
{
    private readonly NodeContext _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ContainerRun> _containers = [];
    private readonly List<ContainerRun> _initContainers = [];
    private Task? _start;
    private Task? _termination;

    public LabPod(NodeContext node, string ns, string name, V1PodTemplateSpec template, PodOwner owner, IReadOnlyDictionary<string, string> claims)
    {
        _node = node;
        Namespace = ns;
        Name = name;
        Owner = owner;
        Claims = claims;
        Spec = template.Spec;
        Labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in owner.Labels) Labels[key] = value;
        Uid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Directory = Path.Combine(node.PodsDirectory, $"{name}.{Uid[..6]}");
    }

    /// <summary>
    /// The directory of every pod named <paramref name="name"/> that ran on the node, gone ones
    /// included (a directory outlives its pod): its name, a dot and the start of its uid.
    /// </summary>
    public static IEnumerable<string> DirectoriesOf(NodeContext node, string name) =>
        System.IO.Directory.EnumerateDirectories(node.PodsDirectory, $"{name}.*");

    public string Namespace { get; }
    public string Name { get; }
    public string Uid { get; }
    public PodOwner Owner { get; }
    public V1PodSpec Spec { get; }
    public Dictionary<string, string> Labels { get; }
    public IReadOnlyDictionary<string, string> Claims { get; }
    public string Directory { get; }
    public DateTime Created { get; } = DateTime.UtcNow;
    public PodPhase Phase { get; private set; } = PodPhase.Pending;
    public PodInterface? Network { get; private set; }
    public PodSandbox? Sandbox { get; private set; }
    /// <summary>Volume name → where it lies on this machine, once the pod has started.</summary>
    public IReadOnlyDictionary<string, string> Volumes { get; private set; } = new Dictionary<string, string>();
    /// <summary>Why the pod could not start, if it could not.</summary>
    public string? Failure { get; private set; }

    public IReadOnlyList<ContainerRun> Containers => _containers;

    /// <summary>Ready as Kubernetes means it: running, every init container done, every container ready.</summary>
    public bool Ready => Phase == PodPhase.Running && _containers.Count > 0 && _containers.All(c => c.Ready);

    public bool IsTerminating => Phase is PodPhase.Terminating or PodPhase.Terminated;

    public IReadOnlyDictionary<string, int> Restarts =>
        _initContainers.Concat(_containers).ToDictionary(c => c.Name, c => c.Restarts);

    public ContainerRun Container(string? name) =>
        (name is null ? _containers.FirstOrDefault() : _containers.Concat(_initContainers).FirstOrDefault(c => c.Name == name))
        ?? throw new ArgumentException($"pod {Name} has no container {(name is null ? "" : $"named '{name}'")}");

    public void Start() => _start = Task.Run(() => StartAsync(_stop.Token));

    private async Task StartAsync(CancellationToken cancel)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            Network = _node.Network.AddPod($"{Name}.{Uid[..6]}");
            _node.Changed();
            var hostname = Spec.Hostname ?? Name;
            var files = PodFilesWriter.Write(Path.Combine(Directory, "etc"), Namespace, hostname, Spec.Subdomain, Network.Ip, _node.Network.Plan.DnsIp);
            var volumes = Volumes = PodVolumes.Materialize(Spec, Directory, _node.ConfigMaps(Namespace), _node.Secrets(Namespace), Claims);
            Sandbox = await _node.Runtime.StartSandboxAsync(new PodSandboxRequest($"{Name}.{Uid[..6]}.pause", Directory, Network.NamespacePath, hostname,
                Spec.ShareProcessNamespace == true), cancel);
            var facts = new PodFacts(Name, Namespace, Uid, Network.Ip.ToString(), NodeContext.NodeName, Spec.ServiceAccountName ?? "default", Labels);
            var setup = new PodSetup(Uid, Directory, Sandbox, Network.Ip, facts, Spec.SecurityContext, volumes, files,
                TimeSpan.FromSeconds(Spec.TerminationGracePeriodSeconds ?? 30));
            foreach (var spec in Spec.InitContainers ?? [])
            {
                var init = new ContainerRun(_node, setup, spec, Name);
                _initContainers.Add(init);
                if (!await init.RunToCompletionAsync(cancel)) return;
            }
            foreach (var spec in Spec.Containers) _containers.Add(new ContainerRun(_node, setup, spec, Name));
            Phase = PodPhase.Running;
            foreach (var container in _containers) container.Start();
            _node.Changed();
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            Failure = e.Message;
            _node.Log($"{Name}: could not start: {e.Message}");
        }
    }

    /// <summary>
    /// Deletes the pod: with <paramref name="graceful"/> every container's pre-stop hook runs and
    /// then SIGTERM, all containers at once, SIGKILL at the end of terminationGracePeriodSeconds;
    /// without, everything is killed at once (a node losing power). Returns once the pod is gone.
    /// </summary>
    public Task TerminateAsync(bool graceful)
    {
        lock (_containers) return _termination ??= TerminateCoreAsync(graceful);
    }

    private async Task TerminateCoreAsync(bool graceful)
    {
        Phase = PodPhase.Terminating;
        _node.Changed();
        _stop.Cancel();
        if (_start is not null) await _start;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(graceful ? Spec.TerminationGracePeriodSeconds ?? 30 : 0);
        await Task.WhenAll(_containers.Select(c => graceful ? c.StopAsync(deadline, preStop: true) : c.KillForGoodAsync()));
        await TearDownAsync();
        Phase = PodPhase.Terminated;
        _node.Changed();
    }

    private async Task TearDownAsync()
    {
        if (Sandbox is not null) await _node.Runtime.DeleteAsync(Sandbox.Id);
        try { PodVolumes.Remove(Directory); }
        catch (Exception e) { _node.Log($"{Name}: removing volumes: {e.Message}"); }
        if (Network is not null) _node.Network.RemovePod(Network);
    }
}
