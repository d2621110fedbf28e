using System.Diagnostics;

namespace RedisHa.Lab.Node.Network;

/// <summary>Runs the system's network tools (ip, iptables-restore, kill) and fails loudly with their own message.</summary>
public static class HostCommand
{
    /// <summary>Runs to completion; throws with the tool's output when it exits non-zero.</summary>
    public static string Run(params string[] command) => RunWithInput(null, command);

    /// <summary>Like <see cref="Run"/>, writing <paramref name="input"/> to the tool's standard input (iptables-restore).</summary>
    public static string RunWithInput(string? input, params string[] command)
    {
        var (exitCode, output) = TryRunWithInput(input, command);
        if (exitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', command)}` exited {exitCode}: {output.Trim()}");
        return output;
    }

    /// <summary>Runs to completion and returns the exit code with stdout and stderr together.</summary>
    public static (int ExitCode, string Output) TryRun(params string[] command) => TryRunWithInput(null, command);

    private static (int ExitCode, string Output) TryRunWithInput(string? input, string[] command)
    {
        using var process = Process.Start(StartInfo(command, input is not null))
            ?? throw new InvalidOperationException($"could not run {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs with a time limit; on time-out or cancellation the process tree is killed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel)
    {
        using var process = Process.Start(StartInfo(command, redirectInput: true))
            ?? throw new InvalidOperationException($"could not run {command[0]}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancel.ThrowIfCancellationRequested();
            return (-1, await stdout + await stderr + $"\n(timed out after {timeout.TotalSeconds:0.#} s)");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> command, bool redirectInput)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
        };
        foreach (var part in command.Skip(1)) psi.ArgumentList.Add(part);
        return psi;
    }
}
