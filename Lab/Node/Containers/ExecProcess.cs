using System.Diagnostics;
using System.Globalization;
using System.Text;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// One <c>runc exec</c>: stdout and stderr read as one text, kept up to a bound. A foreground runc copies the
/// container's two streams through pipes of its own, so lines of the two may arrive out of their written order.
/// </summary>
internal sealed class ExecProcess : IDisposable
{
    /// <summary>A probe's output is for a human reading a failure: the head says enough, and a runaway command cannot fill memory.</summary>
    public const int MaxOutputBytes = 64 * 1024;

    private readonly Process process;
    private readonly string pidFile;
    private readonly Task<string> output;

    public ExecProcess(RuncCli runc, string id, IReadOnlyList<string> command, string pidFile)
    {
        this.pidFile = pidFile;
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", "exec \"$@\" </dev/null 2>&1", "sh", HostPrograms.Find("runc"), "--root", runc.StateDirectory, "exec", "--pid-file", pidFile, id })
            psi.ArgumentList.Add(argument);
        foreach (var part in command) psi.ArgumentList.Add(part);
        process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start runc exec in {id}");
        output = ReadBoundedAsync(process.StandardOutput.BaseStream);
    }

    public int ExitCode => process.ExitCode;

    /// <summary>True when the command ended within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Kills the command inside the container (its host pid from runc's pid file), then runc exec.</summary>
    public void Kill()
    {
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            PosixSignals.Send(pid, PosixSignals.SigKill);
        if (!process.WaitForExit(TimeSpan.FromSeconds(2))) process.Kill();
        process.WaitForExit(TimeSpan.FromSeconds(2));
    }

    /// <summary>What the command wrote; waits a moment only, as a child left inside may still hold the pipe.</summary>
    public async Task<string> OutputAsync() =>
        await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(2))) == output ? await output : "(output unavailable)";

    public void Dispose() => process.Dispose();

    private static async Task<string> ReadBoundedAsync(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var room = MaxOutputBytes - (int)kept.Length;
            if (room > 0) kept.Write(buffer, 0, Math.Min(room, read));
            // Keep reading past the bound so the command never blocks on a full pipe.
            truncated |= read > room;
        }
        var text = Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        return truncated ? text + $"\n(output truncated at {MaxOutputBytes} bytes)" : text;
    }
}
