using System.Net;
using k8s.Models;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Cluster.Controllers;
using RedisHa.Lab.Cluster.Kubelet;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Containers;
using RedisHa.Lab.Observation;

namespace RedisHa.Lab.Cluster;

/// <summary>What people do to a cluster (kubectl's verbs) and the failures the lab injects, each as a node would see it.</summary>
public sealed partial class PodLab
{
    /// <summary>The pod named <paramref name="name"/>; "master" is the current master's pod. Unknown: an error naming it.</summary>
    public async Task<LabPod> FindPodAsync(string name)
    {
        if (name == "master")
        {
            var master = await FindMasterAsync() ?? throw new ArgumentException("no pod is master now");
            return ServerPod(master) ?? throw new ArgumentException($"the master's pod {Spec.Names.Pod(master)} does not exist");
        }
        return Pods.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"pod '{name}' not found");
    }

    /// <summary>
    /// kubectl delete pod: pre-stop hooks, SIGTERM, grace period; returns once the pod has
    /// terminated (its controller then makes a new one). With <paramref name="wipeVolume"/> the
    /// pod's claims are emptied before it comes back, as a pod rescheduled onto a fresh volume.
    /// </summary>
    public async Task DeletePodAsync(string name, bool wipeVolume = false)
    {
        var pod = await FindPodAsync(name);
        Log($"{pod.Name}: delete requested{(wipeVolume ? " (volume wiped)" : "")}");
        if (wipeVolume) lock (_gate) _held.Add(pod.Name);
        try
        {
            await pod.TerminateAsync(graceful: true);
            if (wipeVolume)
                foreach (var claim in pod.Claims.Values.Where(System.IO.Directory.Exists))
                    System.IO.Directory.Delete(claim, recursive: true);
        }
        finally
        {
            if (wipeVolume) lock (_gate) _held.Remove(pod.Name);
            Wake();
        }
    }

    /// <summary>The pod's node loses power: every container killed at once, no hook, and the pod is not recreated until <see cref="Release"/>.</summary>
    public async Task HoldAsync(string name)
    {
        var pod = await FindPodAsync(name);
        lock (_gate) _held.Add(pod.Name);
        Log($"{pod.Name}: held (its node is down)");
        await pod.TerminateAsync(graceful: false);
    }

    public void Release(string name)
    {
        lock (_gate)
            if (!_held.Remove(name)) throw new ArgumentException($"pod '{name}' is not held");
        Log($"{name}: released");
        Wake();
    }

    /// <summary>kubectl rollout restart: a new template annotation, so the controller rolls every pod by its update strategy.</summary>
    public void RolloutRestart(string kind)
    {
        var templates = kind switch
        {
            "statefulset" => Objects.StatefulSets.Select(s => s.Spec.Template),
            "deployment" => Objects.Deployments.Select(d => d.Spec.Template),
            _ => throw new ArgumentException($"rollout restart takes statefulset or deployment, not '{kind}'"),
        };
        foreach (var template in templates)
        {
            template.Metadata.Annotations ??= new Dictionary<string, string>();
            template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"] = DateTime.UtcNow.ToString("O");
        }
        Log($"rollout restart {kind}");
        Wake();
    }

    /// <summary>Waits until every pod of the set is of the current template and Ready.</summary>
    public Task WaitForRolloutAsync(TimeSpan timeout, CancellationToken cancel = default) =>
        Polling.UntilAsync(timeout, cancel, "the rollout to finish", () =>
        {
            var current = Objects.StatefulSets.Select(s => TemplateRevision.Of(s.Spec.Template))
                .Concat(Objects.Deployments.Select(d => TemplateRevision.Of(d.Spec.Template))).ToHashSet();
            var stale = Pods.Where(p => !current.Contains(p.Owner.Revision)).Select(p => p.Name).ToList();
            return Task.FromResult(stale.Count > 0 ? $"pods of an old template: {string.Join(", ", stale)}" : NotReady());
        }, TimeSpan.FromMilliseconds(200));

    /// <summary>A power loss of the whole node: every pod killed at once; the controllers bring them back (claims keep their data).</summary>
    public async Task RestartAllAsync()
    {
        Log("restart all: every pod killed at once");
        await Task.WhenAll(Pods.Select(p => p.TerminateAsync(graceful: false)));
        Wake();
    }

    /// <summary>SIGKILL to one container's process; the kubelet restarts it with back-off.</summary>
    public async Task KillContainerAsync(string pod, string? container = null)
    {
        var run = (await FindPodAsync(pod)).Container(container);
        if (run.Current is { } current) await Runtime.SignalAsync(current.Id, "KILL");
    }

    /// <summary>Freezes (or thaws) one container: alive but silent, like a stalled VM.</summary>
    public async Task PauseAsync(string pod, string? container, bool paused)
    {
        var run = (await FindPodAsync(pod)).Container(container);
        if (run.Current is { } current) await Runtime.PauseAsync(current.Id, paused);
    }

    /// <summary>Cuts a pod off from the given pods (all other pods when none are named) until <see cref="Heal"/>.</summary>
    public async Task PartitionAsync(string pod, IReadOnlyList<string>? from = null)
    {
        var target = await FindPodAsync(pod);
        var others = from is { Count: > 0 } ? await Task.WhenAll(from.Select(FindPodAsync)) : Pods.Where(p => p != target).ToArray();
        var ips = others.Where(p => p.Network is not null).Select(p => p.Network!.Ip).ToList();
        lock (_gate) _cuts.Add(new Cut(target.Network!.Ip, ips));
        Log($"{target.Name}: partitioned from {string.Join(", ", others.Select(o => o.Name))}");
        Reconcile();
    }

    public void Heal()
    {
        lock (_gate) _cuts.Clear();
        Log("partitions healed");
        Reconcile();
    }

    /// <summary>Runs a command in a pod's container (the first by default), as kubectl exec.</summary>
    public async Task<ExecResult> ExecAsync(string pod, string? container, IReadOnlyList<string> command, TimeSpan timeout)
    {
        var run = (await FindPodAsync(pod)).Container(container);
        if (run.Current is not { } current) throw new InvalidOperationException($"container {run.Name} of pod {pod} is not running");
        return await Runtime.ExecAsync(current.Id, command, timeout);
    }

    /// <summary>The log file of a pod's container (every run of it, appended).</summary>
    public async Task<string> LogFileAsync(string pod, string? container) => (await FindPodAsync(pod)).Container(container).LogFile;

    /// <summary>
    /// The master pod's own pre-stop handover, without deleting the pod; returns once another pod
    /// is master and every HAProxy routes only to it. The old master takes writes again afterwards.
    /// </summary>
    public async Task<string> FailoverAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var old = await FindMasterAsync() ?? throw new InvalidOperationException("no pod is master: nothing to hand over");
        // The container that serves Redis' port is the one whose hook hands the master role over.
        var redis = ServerPod(old)!.Containers.First(c => c.Spec.Ports?.Any(p => p.ContainerPort == RedisHaSpec.RedisPort) == true);
        var hook = redis.Spec.Lifecycle?.PreStop?.Exec?.Command ?? throw new InvalidOperationException("the redis container has no pre-stop hook");
        var result = await Runtime.ExecAsync(redis.Current!.Id, hook.ToList(), timeout, cancel);
        // The hook hands over, or runs out of time once Sentinel is failing over (the one it asked
        // for, or its own after the held master missed down-after): writes then stay paused and
        // Sentinel completes the failover, as after a pod deletion. In the other cases it gives up
        // (no replica online, a failover still in progress until its deadline, no sentinel
        // accepting) and resumes writes: no failover is coming, so say so rather than wait for one.
        if (!result.Output.Contains("handed over to", StringComparison.Ordinal) &&
            !result.Output.Contains("as Sentinel is failing over", StringComparison.Ordinal))
            throw new InvalidOperationException($"the pre-stop hook of {Spec.Names.Pod(old)} did not hand over (exit {result.ExitCode}):\n{result.Output.Trim()}");
        // The hook leaves writes paused, since a deleted pod stops right after it. This pod stays:
        // it takes writes again only once it is a replica, which refuses them, so no write held by
        // the pause can run on it while it is still master and be lost.
        await Polling.UntilAsync(timeout, cancel, $"{Spec.Names.Pod(old)} to be a replica", async () =>
            await RoleAsync(old) == "slave" ? null : "still master", TimeSpan.FromMilliseconds(100));
        await RedisProbe.ExecuteAsync(NodeHost(old), RedisHaSpec.RedisPort, Password, Tls, "CLIENT", "UNPAUSE");
        int? next = null;
        await Polling.UntilAsync(timeout, cancel, "another master that every HAProxy routes to", async () =>
        {
            next = await FindMasterAsync();
            if (next is null || next == old) return "no new master yet";
            foreach (var proxy in HaproxyPods)
                if (await RoutesAsync(proxy) is not { } routes || !routes.SequenceEqual([next.Value]))
                    return $"{proxy.Name} does not route to the new master only";
            return null;
        }, TimeSpan.FromMilliseconds(100));
        return result.Output;
    }

    /// <summary>
    /// `lab up` of a running lab: the new options are rendered and applied as `pulumi up` would;
    /// the controllers roll every pod whose template changed.
    /// </summary>
    public async Task ApplyAsync(RedisHaOptions options, CancellationToken cancel = default)
    {
        // A password given is a new one (the Secret changes, as `pulumi up` changes it); none keeps the lab's.
        options = options with { Password = options.Password ?? Record.Password };
        OptionsValidator.Validate(options);
        lock (_gate)
        {
            if (options.Password != Record.Password) Log(options.PreviousPassword is null
                ? "the password changed without previousPassword: pods that restart get the new one, the others keep the old"
                : "password rotation: every pod accepts the previous password too until previousPassword is removed");
            Record.Password = options.Password;
            Record.Options = options;
            // From now on the lab runs this release's render (it may have started from an earlier one's).
            _startFrom = null;
            Render(options);
            AllocateClusterIps();
            Render(options);
        }
        if (Spec.Tls && !File.Exists(CaFile)) await IssueCertificatesAsync(cancel);
        Render(options);
        StartForwards();
        Record.Save(Directory);
        Log("applied changed options");
        Wake();
        int generation;
        lock (_gate) generation = ++_applies;
        _ = DeleteRetiringAfterRolloutAsync(generation);
    }

    /// <summary>
    /// Deletes what the update no longer renders once its rollout has finished, as `pulumi up` deletes
    /// removed resources last: pods of the old template still rolling keep the Services and ConfigMaps
    /// they were started with (a removed node's announce Service, which their pre-stop hook resolves).
    /// A later apply takes over the wait.
    /// </summary>
    private async Task DeleteRetiringAfterRolloutAsync(int generation)
    {
        try
        {
            await WaitForRolloutAsync(TimeSpan.FromMinutes(30), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            Log($"the rollout did not finish; objects no longer rendered are kept: {e.Message}");
            return;
        }
        string deleted;
        lock (_gate)
        {
            if (generation != _applies || Objects.Retiring.Count == 0) return;
            deleted = string.Join(", ", Objects.Retiring.Select(ClusterObjects.Key));
            Objects = Objects.WithoutRetiring();
        }
        Log($"rollout finished; deleted what is no longer rendered: {deleted}");
        Wake();
    }

    /// <summary>
    /// kubectl run --rm in namespace <paramref name="ns"/>: a throwaway client pod (the Redis image,
    /// so redis-cli is there) runs <paramref name="command"/> and goes; its exit status and output come back.
    /// </summary>
    public async Task<ExecResult> RunClientAsync(string ns, IReadOnlyList<string> command, TimeSpan timeout)
    {
        lock (_gate)
            if (!Record.ExtraNamespaces.Contains(ns) && ns != Spec.Namespace) Record.ExtraNamespaces.Add(ns);
        Record.Save(Directory);
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["run"] = "lab-client" } },
            Spec = new V1PodSpec
            {
                TerminationGracePeriodSeconds = 0,
                Containers = [new V1Container { Name = "client", Image = Spec.Options.RedisImage, Command = ["sleep", "3600"] }],
            },
        };
        var pod = ((IPodStore)this).Create(ns, $"lab-client-{Guid.NewGuid().ToString("N")[..5]}", template, new PodOwner("Client", "lab", "-", null, new Dictionary<string, string>()), new Dictionary<string, string>());
        try
        {
            await Polling.UntilAsync(TimeSpan.FromSeconds(30), default, $"client pod {pod.Name} to run",
                () => Task.FromResult(pod.Ready ? null : pod.Failure ?? ""), TimeSpan.FromMilliseconds(100));
            // The firewall must know the new pod before its traffic is judged.
            Reconcile();
            return await Runtime.ExecAsync(pod.Containers[0].Current!.Id, command, timeout);
        }
        finally
        {
            await pod.TerminateAsync(graceful: false);
        }
    }

    /// <summary>The lab's state: pods, Services with their endpoints now, roles, sentinels' views, HAProxy routes.</summary>
    public async Task<LabSnapshot> SnapshotAsync()
    {
        var pods = Pods.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var roles = await Task.WhenAll(Enumerable.Range(0, Spec.Replicas).Select(RoleAsync));
        var named = await Task.WhenAll(Enumerable.Range(0, Spec.Replicas).Select(SentinelNamesAsync));
        var podRows = pods.Select(p => new PodRow(p.Name, p.Namespace, p.Network?.Ip.ToString(), p.Ready, p.Restarts,
            p.Owner.Ordinal is { } o && p.Owner.Name == Spec.Names.ServerStatefulSet ? RoleName(roles[o]) : null)).ToList();
        var services = Objects.Services.Select(s => new ServiceRow(s.Metadata.Name, s.Spec.ClusterIP == "None" ? "None" : Record.ClusterIps.GetValueOrDefault(ServiceController.Key(s)),
            ServiceEndpoints.Of(s, pods).Select(p => p.Network!.Ip.ToString()).ToList())).ToList();
        var routes = new List<RouteRow>();
        foreach (var proxy in HaproxyPods) routes.Add(new RouteRow(proxy.Name, await RoutesAsync(proxy)));
        return new LabSnapshot(Record.Name, Endpoint, podRows, services,
            Enumerable.Range(0, Spec.Replicas).Select(i => new NodeRow(i, Spec.Names.Pod(i), RoleName(roles[i]), named[i])).ToList(), routes, await FindMasterAsync());
    }

    private static string? RoleName(string? role) => role switch { "master" => "master", "slave" => "replica", _ => null };
}
