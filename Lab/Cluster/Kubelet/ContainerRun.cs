using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>
/// One container of a pod, kept running as the kubelet keeps it: started, probed (startup, then
/// liveness and readiness), restarted with back-off when it exits or fails its liveness probe, and
/// stopped with its pre-stop hook, SIGTERM and SIGKILL at the end of the grace period.
/// </summary>
public sealed class ContainerRun(NodeContext node, PodSetup pod, V1Container spec, string podName)
{
    private readonly RestartBackOff _backOff = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private RunningContainer? _current;
    private Task? _loop;
    private int _attempt;

    public V1Container Spec { get; } = spec;
    public string Name => Spec.Name;
    public int Restarts { get; private set; }
    public bool Started { get; private set; }
    public bool Ready { get; private set; }
    public int? LastExitCode { get; private set; }
    public RunningContainer? Current { get { lock (_gate) return _current; } }
    public string LogFile => LogFileIn(pod.Directory, Name);

    /// <summary>Where a container's log is kept in its pod's directory; the directory outlives the pod, so its logs stay readable.</summary>
    public static string LogFileIn(string podDirectory, string container) => Path.Combine(podDirectory, $"{container}.log");

    public ContainerStatus Status => new(Name, Current is { Exited.IsCompleted: false }, Started, Ready, Restarts, LastExitCode, Current?.Id);

    /// <summary>Runs an init container once to completion, retrying with back-off until it succeeds; false if stopped first.</summary>
    public async Task<bool> RunToCompletionAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var began = DateTime.UtcNow;
            var container = await StartOnceAsync(cancel);
            int code;
            try
            {
                code = await container.Exited.WaitAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                // The pod is being deleted while this init container still runs.
                await node.Runtime.SignalAsync(container.Id, "KILL");
                await container.Exited;
                await node.Runtime.DeleteAsync(container.Id);
                return false;
            }
            await node.Runtime.DeleteAsync(container.Id);
            LastExitCode = code;
            if (code == 0) return true;
            Restarts++;
            node.Log($"{podName}: init container {Name} exited {code}; retrying");
            await Task.Delay(_backOff.After(DateTime.UtcNow - began), cancel);
        }
        return false;
    }

    /// <summary>Starts the supervising loop (restartPolicy Always).</summary>
    public void Start() => _loop = Task.Run(() => SuperviseAsync(_stop.Token));

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var began = DateTime.UtcNow;
            RunningContainer container;
            try
            {
                container = await StartOnceAsync(stop);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e)
            {
                node.Log($"{podName}/{Name}: could not start: {e.Message}");
                LastExitCode = 128;
                Restarts++;
                try { await Task.Delay(_backOff.After(TimeSpan.Zero), stop); } catch (OperationCanceledException) { return; }
                continue;
            }
            using var instance = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var probes = Task.Run(() => ProbeAsync(container, instance.Token));
            var code = await container.Exited;
            instance.Cancel();
            try { await probes; } catch (OperationCanceledException) { }
            LastExitCode = code;
            SetReady(false);
            Started = false;
            if (stop.IsCancellationRequested) return;
            await node.Runtime.DeleteAsync(container.Id);
            Restarts++;
            var delay = _backOff.After(DateTime.UtcNow - began);
            node.Log($"{podName}/{Name}: exited {code}; restarting in {delay.TotalSeconds:0} s (restart {Restarts})");
            try { await Task.Delay(delay, stop); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task<RunningContainer> StartOnceAsync(CancellationToken cancel)
    {
        var id = $"{podName}.{pod.Uid[..6]}.{Name}.{++_attempt}";
        var environment = EnvironmentResolver.Resolve(Spec, pod.Facts, node.ConfigMaps(pod.Facts.Namespace), node.Secrets(pod.Facts.Namespace));
        var request = new ContainerRequest(id, pod.Sandbox, Spec, pod.SecurityContext, environment, pod.Volumes, pod.Files,
            Path.Combine(pod.Directory, "bundles", $"{Name}.{_attempt}"), LogFile);
        var started = await node.Runtime.StartAsync(request, cancel);
        lock (_gate) _current = started;
        return started;
    }

    private async Task ProbeAsync(RunningContainer container, CancellationToken cancel)
    {
        var probes = new ProbeRunner(node);
        if (Spec.StartupProbe is { } startup)
        {
            if (!await UntilAsync(startup, success: true, container, probes, cancel))
            {
                node.Log($"{podName}/{Name}: startup probe failed {startup.FailureThreshold ?? 3} times; restarting");
                await StopInstanceAsync(container, preStop: true);
                return;
            }
        }
        Started = true;
        if (Spec.ReadinessProbe is null) SetReady(true);
        await Task.WhenAll(
            Spec.ReadinessProbe is { } readiness ? ReadinessAsync(readiness, container, probes, cancel) : Task.CompletedTask,
            Spec.LivenessProbe is { } liveness ? LivenessAsync(liveness, container, probes, cancel) : Task.CompletedTask);
    }

    /// <summary>Probes until the result wanted comes (true), or failureThreshold results of the other kind in a row (false).</summary>
    private async Task<bool> UntilAsync(V1Probe probe, bool success, RunningContainer container, ProbeRunner probes, CancellationToken cancel)
    {
        await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), cancel);
        var failures = 0;
        while (true)
        {
            var (ok, output) = await probes.RunAsync(probe, container.Id, pod.Ip, Spec, cancel);
            if (ok == success) return true;
            if (++failures >= (probe.FailureThreshold ?? 3))
            {
                node.Log($"{podName}/{Name}: probe failed: {output.Trim()}");
                return false;
            }
            await Task.Delay(Period(probe), cancel);
        }
    }

    private async Task LivenessAsync(V1Probe probe, RunningContainer container, ProbeRunner probes, CancellationToken cancel)
    {
        // Success is what a live container gives; a run of failureThreshold failures ends it.
        while (true)
        {
            await Task.Delay(Period(probe), cancel);
            var failures = 0;
            while (true)
            {
                var (ok, output) = await probes.RunAsync(probe, container.Id, pod.Ip, Spec, cancel);
                if (ok) break;
                if (++failures >= (probe.FailureThreshold ?? 3))
                {
                    node.Log($"{podName}/{Name}: liveness probe failed {failures} times ({output.Trim()}); restarting");
                    await StopInstanceAsync(container, preStop: true);
                    return;
                }
                await Task.Delay(Period(probe), cancel);
            }
        }
    }

    private async Task ReadinessAsync(V1Probe probe, RunningContainer container, ProbeRunner probes, CancellationToken cancel)
    {
        await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), cancel);
        int successes = 0, failures = 0;
        while (true)
        {
            var (ok, _) = await probes.RunAsync(probe, container.Id, pod.Ip, Spec, cancel);
            if (ok) { failures = 0; if (++successes >= (probe.SuccessThreshold ?? 1)) SetReady(true); }
            else { successes = 0; if (++failures >= (probe.FailureThreshold ?? 3)) SetReady(false); }
            await Task.Delay(Period(probe), cancel);
        }
    }

    private static TimeSpan Period(V1Probe probe) => TimeSpan.FromSeconds(probe.PeriodSeconds ?? 10);

    private void SetReady(bool ready)
    {
        if (Ready == ready) return;
        Ready = ready;
        node.Changed();
    }

    /// <summary>
    /// Stops the container for good: its pre-stop hook (bounded by the deadline), then SIGTERM, then
    /// SIGKILL at the deadline. The supervising loop ends instead of restarting it.
    /// </summary>
    public async Task StopAsync(DateTime deadline, bool preStop)
    {
        _stop.Cancel();
        if (Current is { } container && !container.Exited.IsCompleted)
            await StopInstanceAsync(container, preStop, deadline);
        if (_loop is not null) await _loop;
        if (Current is { } last) await node.Runtime.DeleteAsync(last.Id);
        SetReady(false);
    }

    /// <summary>SIGKILL at once, no hook, and no restart: the container's node lost power.</summary>
    public async Task KillForGoodAsync()
    {
        _stop.Cancel();
        if (Current is { } container && !container.Exited.IsCompleted)
        {
            await node.Runtime.SignalAsync(container.Id, "KILL");
            await container.Exited;
        }
        if (_loop is not null) await _loop;
        if (Current is { } last) await node.Runtime.DeleteAsync(last.Id);
        SetReady(false);
    }

    private async Task StopInstanceAsync(RunningContainer container, bool preStop, DateTime? deadline = null)
    {
        var end = deadline ?? DateTime.UtcNow + pod.GracePeriod;
        if (preStop && Spec.Lifecycle?.PreStop?.Exec is { } hook)
        {
            var result = await node.Runtime.ExecAsync(container.Id, hook.Command.ToList(), Remaining(end));
            await File.AppendAllTextAsync(LogFile, $"[pre-stop hook exit {result.ExitCode}{(result.TimedOut ? ", timed out" : "")}]\n{result.Output}");
        }
        // As containerd does: the image's STOPSIGNAL (haproxy's images stop gracefully on USR1), else TERM.
        await node.Runtime.SignalAsync(container.Id, ImageCatalog.Resolve(Spec.Image).StopSignal);
        if (await Task.WhenAny(container.Exited, Task.Delay(Remaining(end))) != container.Exited)
        {
            node.Log($"{podName}/{Name}: still running at the end of its grace period; SIGKILL");
            await node.Runtime.SignalAsync(container.Id, "KILL");
            await container.Exited;
        }
    }

    private static TimeSpan Remaining(DateTime end) => end > DateTime.UtcNow ? end - DateTime.UtcNow : TimeSpan.Zero;
}
