using System.Diagnostics;

namespace RedisHa.Lab.Processes;

/// <summary>
/// Starts lab processes detached from the caller: in their own session, stdin from /dev/null and
/// output appended to a log file, so `redis-ha lab up` can return while they run on, and nothing
/// holds the caller's terminal or pipe open.
/// </summary>
public static class ProcessLauncher
{
    public static LabProcess Start(string name, string logFile, IReadOnlyList<KeyValuePair<string, string>> environment, params string[] command)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" </dev/null >>\"$REDIS_HA_LAB_LOG\" 2>&1");
        psi.ArgumentList.Add(name);
        foreach (var part in command) psi.ArgumentList.Add(part);
        // Only what a pod would have: the lab's variables and a PATH, not the caller's whole environment.
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        psi.Environment["REDIS_HA_LAB_LOG"] = logFile;
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        return LabProcess.Adopt(name, process.Id, logFile);
    }

    /// <summary>Runs a command to completion (an init script, a probe, a pre-stop hook) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<KeyValuePair<string, string>> environment, TimeSpan timeout, params string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in command.Skip(1)) psi.ArgumentList.Add(part);
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not run {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await stdout + await stderr + $"\n(timed out after {timeout.TotalSeconds:0} s)");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
