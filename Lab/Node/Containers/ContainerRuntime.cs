#pragma warning disable CS9113 // contract stub: the implementation uses its parameters
namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Runs containers with runc, all under one state folder (<c>runc --root</c>) that belongs to one
/// lab, so nothing else on the machine is ever touched and `lab down` finds everything from disk.
/// </summary>
public sealed class ContainerRuntime(string stateDirectory, RootFilesystems rootFilesystems)
{
    public string StateDirectory { get; } = stateDirectory;

    /// <summary>Starts a pod's pause container in the pod's network namespace.</summary>
    public Task<PodSandbox> StartSandboxAsync(PodSandboxRequest request, CancellationToken cancel = default) => throw new NotImplementedException();

    /// <summary>Starts a container (runc run, in the foreground of a child process whose exit is the container's).</summary>
    public Task<RunningContainer> StartAsync(ContainerRequest request, CancellationToken cancel = default) => throw new NotImplementedException();

    /// <summary>Runs a command inside a running container (runc exec), with the container's user, environment and working dir.</summary>
    public Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default) => throw new NotImplementedException();

    /// <summary>Sends a signal (e.g. "TERM", "KILL", "STOP", "CONT") to a container's process; false when it is not running.</summary>
    public Task<bool> SignalAsync(string id, string signal) => throw new NotImplementedException();

    /// <summary>Freezes or thaws every process of a container (runc pause/resume, or SIGSTOP/SIGCONT where the freezer is unavailable).</summary>
    public Task PauseAsync(string id, bool paused) => throw new NotImplementedException();

    /// <summary>Removes a stopped container's runc state (kills it first if it still runs).</summary>
    public Task DeleteAsync(string id) => throw new NotImplementedException();

    /// <summary>The ids of every container in this runtime's state folder, running or not.</summary>
    public Task<IReadOnlyList<string>> ListAsync() => throw new NotImplementedException();

    /// <summary>Kills and deletes every container of the state folder, then removes it; returns once no process is left.</summary>
    public Task DestroyAllAsync() => throw new NotImplementedException();
}
