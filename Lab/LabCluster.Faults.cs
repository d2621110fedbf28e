using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab;

/// <summary>The failures a lab can inject, each as a pod would suffer it.</summary>
public sealed partial class LabCluster
{
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
}
