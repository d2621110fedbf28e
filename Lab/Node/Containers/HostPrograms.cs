using System.Diagnostics;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// The programs of this machine the lab is made of. A missing one is an error naming the Debian
/// package that brings it, because that is the only useful thing to tell whoever runs the lab.
/// </summary>
internal static class HostPrograms
{
    private static readonly Dictionary<string, string> PackageOf = new()
    {
        ["runc"] = "runc",
        ["catatonit"] = "catatonit",
        ["busybox"] = "busybox",
        ["getent"] = "libc-bin",
        ["ldd"] = "libc-bin",
        ["redis-server"] = "redis-server",
        ["redis-sentinel"] = "redis-sentinel",
        ["redis-cli"] = "redis-tools",
        ["haproxy"] = "haproxy",
        ["prometheus-redis-exporter"] = "prometheus-redis-exporter",
        ["mount"] = "mount",
    };

    private static readonly string[] SearchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="program"/> on this machine.</summary>
    public static string Find(string program)
    {
        foreach (var folder in SearchPath)
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }
        var package = PackageOf.GetValueOrDefault(program, program);
        throw new InvalidOperationException($"'{program}' is not installed on this machine: the lab needs it (apt-get install {package})");
    }

    /// <summary>Runs a program to completion and returns its exit code and its stdout+stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancel = default)
    {
        using var process = Start(program, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The same, blocking: for the synchronous paths (building a root file system, reading a version).</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        using var process = Start(program, arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    private static Process Start(string program, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(Find(program)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        // Nothing to say to it: an immediate end of input, so nothing ever waits on the lab's stdin.
        process.StandardInput.Close();
        return process;
    }
}
