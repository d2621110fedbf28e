using System.Diagnostics;
using System.Text;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>A long-running tool (redis-server, haproxy) that is killed when the test disposes it, pass or fail.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _description;

    private BackgroundProcess(Process process, string description)
    {
        _process = process;
        _description = description;
    }

    public static BackgroundProcess Start(string tool, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var argList = args.ToList();
        var process = new Process { StartInfo = ExternalTool.StartInfo(tool, argList, workingDirectory, environment) };
        var started = new BackgroundProcess(process, $"{tool} {string.Join(' ', argList)}");
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Freezes the process (SIGSTOP): alive, holding its connections, answering nothing.</summary>
    public void Freeze() => ExternalTool.Run("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Lets a frozen process run on (SIGCONT).</summary>
    public void Thaw() => ExternalTool.Run("kill", ["-CONT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Sends the process a signal by name, e.g. "USR1".</summary>
    public void Signal(string name) => ExternalTool.Run("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>What the process printed so far, for assertion messages.</summary>
    public string Output
    {
        get { lock (_output) return $"{_description}{(HasExited ? $" (exited {_process.ExitCode})" : "")}:\n{_output}"; }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to kill.
        }
        _process.Dispose();
    }
}
