using System.Diagnostics;
using System.Text.Json;

namespace RedisHa.Lab.Node.Containers;

/// <summary>runc, always with <c>--root</c> set to one lab's state folder, so it never sees another container of this machine.</summary>
internal sealed class RuncCli(string stateDirectory)
{
    public string StateDirectory { get; } = Path.GetFullPath(stateDirectory);

    public Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        HostPrograms.RunAsync("runc", ["--root", StateDirectory, .. arguments]);

    /// <summary>
    /// Starts <c>runc run</c> in the foreground: its exit is the container's (runc deletes the
    /// container's state when it ends). The shell only sets up stdio and is replaced by runc, so the
    /// container's output goes straight to the log file and survives the lab's own process.
    /// </summary>
    public Process StartForeground(string id, string bundle, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec \"$@\" </dev/null >>\"$0\" 2>&1", Path.GetFullPath(logFile),
                     HostPrograms.Find("runc"), "--root", StateDirectory, "run", "--bundle", Path.GetFullPath(bundle), id })
            psi.ArgumentList.Add(argument);
        return Process.Start(psi) ?? throw new InvalidOperationException($"could not start runc for {id}");
    }

    /// <summary>runc's view of a container: its status ("created", "running", "paused", "stopped") and host pid; null when runc does not know it.</summary>
    public async Task<(string Status, int Pid)?> StateAsync(string id)
    {
        var (code, output) = await RunAsync("state", id);
        if (code != 0) return null;
        using var json = JsonDocument.Parse(output);
        return (json.RootElement.GetProperty("status").GetString() ?? "", json.RootElement.GetProperty("pid").GetInt32());
    }

    /// <summary>The host pids of every process in the container's cgroup.</summary>
    public async Task<IReadOnlyList<int>> ProcessesAsync(string id)
    {
        var (code, output) = await RunAsync("ps", "--format", "json", id);
        if (code != 0) return [];
        using var json = JsonDocument.Parse(output);
        return json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().Select(pid => pid.GetInt32()).ToList() : [];
    }

    public async Task<IReadOnlyList<string>> ListAsync()
    {
        if (!Directory.Exists(StateDirectory)) return [];
        var (code, output) = await RunAsync("list", "--format", "json");
        if (code != 0) throw new InvalidOperationException($"runc list failed: {output}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.ValueKind == JsonValueKind.Array
            ? json.RootElement.EnumerateArray().Select(container => container.GetProperty("id").GetString()!).ToList()
            : [];
    }
}
