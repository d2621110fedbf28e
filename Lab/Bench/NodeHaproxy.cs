using System.Diagnostics;
using System.Globalization;
using System.Text;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Lab.Bench;

/// <summary>
/// One HAProxy process in the lab's node namespace, listening on a loopback address of that
/// namespace, with the environment haproxy.sh gives the HAProxy pods (the nodes' announce
/// addresses, the password). `bench endpoint` runs two of them, redis-ha's configuration and the
/// chart-like one, at the same place, so only the configurations differ.
/// </summary>
public sealed class NodeHaproxy : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NodeHaproxy(Process process, string directory, string address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    /// <summary>Where clients in the node namespace connect (port 6379).</summary>
    public string Address { get; }

    public int Pid => _process.Id;

    /// <param name="files">The configuration folder's files; haproxy.cfg among them.</param>
    public static async Task<NodeHaproxy> StartAsync(PodLab lab, string address, IReadOnlyDictionary<string, string> files, CancellationToken cancel)
    {
        var directory = Directory.CreateTempSubdirectory("rh-bench-proxy-").FullName;
        foreach (var (name, text) in files) await File.WriteAllTextAsync(Path.Combine(directory, name), text, cancel);
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", lab.Network.Plan.NodeNamespace, "haproxy", "-db", "-f", Path.Combine(directory, "haproxy.cfg") })
            psi.ArgumentList.Add(arg);
        psi.Environment[Env.HaproxyConfigDir] = directory;
        psi.Environment[Env.HaproxyRunDir] = directory;
        psi.Environment[Env.HaproxyBind] = address;
        psi.Environment[Env.HaproxyStatsBind] = address;
        // Outgoing checks leave from the node's own address, as the kernel picks it.
        psi.Environment[Env.HaproxySource] = "0.0.0.0";
        psi.Environment[Env.Password] = lab.Password ?? "";
        psi.Environment[Env.PasswordBytes] = Encoding.UTF8.GetByteCount(lab.Password ?? "").ToString(CultureInfo.InvariantCulture);
        for (var node = 0; node < lab.Spec.Replicas; node++) psi.Environment[Env.NodeIp(node)] = lab.NodeAnnounceIp(node);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start haproxy in the lab's node namespace");
        // Drain its log so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NodeHaproxy(process, directory, address);
        try
        {
            await Observation.Polling.UntilAsync(TimeSpan.FromSeconds(30), cancel, $"haproxy at {address} to route to the master",
                async () => process.HasExited ? throw new InvalidOperationException($"haproxy at {address} exited with {process.ExitCode}")
                    : await lab.Network.RunAsync(["redis-cli", "-h", address, "-p", RedisHaSpec.EndpointPort.ToString(CultureInfo.InvariantCulture), "--no-auth-warning",
                        .. lab.Password is { } p ? new[] { "-a", p } : [], "ROLE"], TimeSpan.FromSeconds(3), cancel) is (0, var output) && output.StartsWith("master", StringComparison.Ordinal)
                        ? null : "not yet", TimeSpan.FromMilliseconds(250));
        }
        catch
        {
            proxy.Dispose();
            throw;
        }
        return proxy;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
