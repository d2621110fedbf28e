using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Runs containers with runc, all under one state folder (<c>runc --root</c>) that belongs to one
/// lab, so nothing else on the machine is ever touched and `lab down` finds everything from disk.
/// </summary>
public sealed class ContainerRuntime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly RootFilesystems rootFilesystems;
    private readonly RuncCli runc;
    private readonly LabCgroups cgroups;
    private readonly ResourceLimitsProbe limitsProbe;

    public ContainerRuntime(string stateDirectory, RootFilesystems rootFilesystems)
    {
        StateDirectory = Path.GetFullPath(stateDirectory);
        this.rootFilesystems = rootFilesystems;
        runc = new RuncCli(StateDirectory);
        // Named after the state folder: two labs (or two tests) never share a cgroup parent.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StateDirectory)))[..12];
        cgroups = new LabCgroups($"rha-{hash}");
        limitsProbe = new ResourceLimitsProbe(runc, rootFilesystems, cgroups);
    }

    public string StateDirectory { get; }

    /// <summary>
    /// Whether memory and CPU limits reach the containers' cgroups; null until the first container
    /// with limits started (the runtime finds out by trying once). When false, containers run without them.
    /// </summary>
    public bool? ResourceLimitsEnforced => limitsProbe.Result;

    /// <summary>Finds out (once) whether this machine's cgroups accept memory and CPU limits from runc.</summary>
    public Task<bool> ProbeResourceLimitsAsync() => limitsProbe.RunAsync();

    /// <summary>Starts a pod's pause container in the pod's network namespace.</summary>
    public async Task<PodSandbox> StartSandboxAsync(PodSandboxRequest request, CancellationToken cancel = default)
    {
        HostPrograms.Find("runc");
        HostPrograms.Find("catatonit");
        var image = ImageCatalog.Resolve(ImageCatalog.PauseImage);
        var rootfs = rootFilesystems.For(image);
        var bundle = Path.Combine(Path.GetFullPath(request.PodDirectory), "sandbox");
        var config = OciSpecBuilder.ForSandbox(request, image, rootfs, cgroups.PathOf(request.Id));
        var logFile = Path.Combine(Path.GetFullPath(request.PodDirectory), "sandbox.log");
        var started = await RunAsync(request.Id, config, bundle, logFile, cancel);
        if (started.Pid == 0)
            throw new InvalidOperationException($"pod sandbox {request.Id} did not start (exit {await started.Exited}): {Tail(logFile)}");
        var ns = $"/proc/{started.Pid}/ns";
        return new PodSandbox(request.Id, started.Pid, request.NetworkNamespacePath, $"{ns}/ipc", $"{ns}/uts",
            request.ShareProcessNamespace ? $"{ns}/pid" : null) { Hostname = request.Hostname };
    }

    /// <summary>Starts a container (runc run, in the foreground of a child process whose exit is the container's).</summary>
    /// <remarks>
    /// A container that fails to start is no exception: it comes back with pid 0 and an exit code,
    /// runc's reason in its log, as a kubelet sees a crash and restarts with back-off. A spec the
    /// lab cannot run (unknown image, runAsNonRoot as root, a missing volume) is an exception.
    /// </remarks>
    public async Task<RunningContainer> StartAsync(ContainerRequest request, CancellationToken cancel = default)
    {
        HostPrograms.Find("runc");
        var image = ImageCatalog.Resolve(request.Container.Image);
        var rootfs = rootFilesystems.For(image);
        var limits = request.Container.Resources?.Limits is { Count: > 0 } && await limitsProbe.RunAsync();
        var config = OciSpecBuilder.ForContainer(request, image, rootfs, cgroups.PathOf(request.Id), limits);
        return await RunAsync(request.Id, config, request.BundleDirectory, request.LogFile, cancel);
    }

    /// <summary>Runs a command inside a running container (runc exec), with the container's user, environment and working dir.</summary>
    /// <remarks>
    /// runc exec takes the container's own process spec (user, env, cwd, capabilities,
    /// no-new-privileges) and replaces only the args. On timeout the command's process (runc's
    /// --pid-file) is killed with SIGKILL, then runc exec: what the command itself started lives on,
    /// re-parented to PID 1 of the container's PID namespace, as with a CRI runtime's exec timeout.
    /// A PID 1 that does not reap (redis-server) then keeps it as a zombie once it ends.
    /// runc exec returns once every process holding the output pipe closed it: a command that
    /// leaves a background child writing to it (`sleep 9 &`) lasts as long as that child.
    /// </remarks>
    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default)
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"rha-exec-{Guid.NewGuid():N}.pid");
        try
        {
            using var exec = new ExecProcess(runc, id, command, pidFile);
            bool finished;
            try
            {
                finished = await exec.WaitAsync(timeout, cancel);
            }
            catch (OperationCanceledException)
            {
                // Not left running: runc would write its pid file after the finally below removed it.
                exec.Kill();
                throw;
            }
            if (finished) return new ExecResult(exec.ExitCode, await exec.OutputAsync(), TimedOut: false);
            exec.Kill();
            return new ExecResult(-1, await exec.OutputAsync() + $"\n(timed out after {timeout.TotalSeconds:0.##} s)", TimedOut: true);
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    /// <summary>Sends a signal (e.g. "TERM", "KILL", "STOP", "CONT") to a container's process; false when it is not running.</summary>
    public async Task<bool> SignalAsync(string id, string signal) => (await runc.RunAsync("kill", id, signal)).ExitCode == 0;

    /// <summary>Freezes or thaws every process of a container (runc pause/resume, or SIGSTOP/SIGCONT where the freezer is unavailable).</summary>
    public async Task PauseAsync(string id, bool paused)
    {
        var state = await runc.StateAsync(id) ?? throw new InvalidOperationException($"container {id} does not exist");
        if (paused && state.Status == "paused" || !paused && state.Status == "running") return;
        var (code, output) = await runc.RunAsync(paused ? "pause" : "resume", id);
        if (code == 0) return;
        if (state.Status is not ("running" or "paused")) throw new InvalidOperationException($"container {id} is {state.Status}: {output}");
        // No usable freezer: stop every process of the container's cgroup instead.
        foreach (var pid in await runc.ProcessesAsync(id))
            PosixSignals.Send(pid, paused ? PosixSignals.SigStop : PosixSignals.SigCont);
    }

    /// <summary>Removes a stopped container's runc state (kills it first if it still runs).</summary>
    public async Task DeleteAsync(string id)
    {
        if (await runc.StateAsync(id) is null) return;
        var (code, output) = await runc.RunAsync("delete", "--force", id);
        // The foreground runc deletes the container itself when it ends; losing that race is fine.
        if (code != 0 && await runc.StateAsync(id) is not null) throw new InvalidOperationException($"runc delete {id} failed: {output}");
    }

    /// <summary>The processes of a running container, from its cgroup.</summary>
    public IReadOnlyList<int> ProcessesOf(string id) => cgroups.ProcessesOf(id);

    /// <summary>The ids of every container in this runtime's state folder, running or not.</summary>
    public Task<IReadOnlyList<string>> ListAsync() => runc.ListAsync();

    /// <summary>Kills and deletes every container of the state folder, then removes it; returns once no process is left.</summary>
    public Task DestroyAllAsync() => new LabTeardown(runc, cgroups).RunAsync();

    private async Task<RunningContainer> RunAsync(string id, OciConfig config, string bundle, string logFile, CancellationToken cancel)
    {
        Directory.CreateDirectory(bundle);
        await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), JsonSerializer.Serialize(config, OciConfig.Json), cancel);
        await RemoveStoppedAsync(id);
        var process = runc.StartForeground(id, bundle, logFile);
        var exited = ExitCodeAsync(process);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (exited.IsCompleted) return new RunningContainer(id, 0, exited);
            if (await runc.StateAsync(id) is { Status: "running" or "paused", Pid: > 0 } state) return new RunningContainer(id, state.Pid, exited);
            await Task.Delay(PollInterval, cancel);
        }
        await runc.RunAsync("delete", "--force", id);
        await File.AppendAllTextAsync(logFile, $"lab: container {id} was not running after {StartTimeout.TotalSeconds} s, deleted\n", CancellationToken.None);
        return new RunningContainer(id, 0, exited);
    }

    /// <summary>A container that ended while nobody watched (the lab's process died) leaves runc state behind that blocks its id.</summary>
    private async Task RemoveStoppedAsync(string id)
    {
        switch (await runc.StateAsync(id))
        {
            case null:
                return;
            case { Status: "stopped" }:
                await runc.RunAsync("delete", "--force", id);
                return;
            case var state:
                throw new InvalidOperationException($"container {id} already exists ({state.Value.Status}, pid {state.Value.Pid})");
        }
    }

    /// <summary>runc reports a container killed by signal n as 128+n, as Kubernetes does; runc killed itself is reported the same way by .NET.</summary>
    private static async Task<int> ExitCodeAsync(Process process)
    {
        using (process)
        {
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
    }

    private static string Tail(string logFile)
    {
        if (!File.Exists(logFile)) return "(no log)";
        var text = File.ReadAllText(logFile);
        return text.Length > 2000 ? text[^2000..] : text;
    }
}
