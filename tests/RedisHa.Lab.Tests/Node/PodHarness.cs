using System.Diagnostics;
using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

/// <summary>
/// One test's pod: its own network namespace (loopback only), runc state folder and pod folder
/// under /tmp, all removed on dispose even when the test failed.
/// </summary>
public sealed class PodHarness : IAsyncDisposable
{
    private readonly string name = $"rha-t-{Guid.NewGuid():N}"[..14];

    private PodHarness(RootFilesystems rootFilesystems)
    {
        Directory = Path.Combine(Path.GetTempPath(), name);
        System.IO.Directory.CreateDirectory(Directory);
        Runtime = new ContainerRuntime(Path.Combine(Directory, "runc"), rootFilesystems);
    }

    public string Directory { get; }

    public ContainerRuntime Runtime { get; }

    public string NetworkNamespacePath => $"/run/netns/{name}";

    public List<PodFile> PodFiles { get; } = [];

    public static async Task<PodHarness> CreateAsync(RootFilesystems rootFilesystems)
    {
        var harness = new PodHarness(rootFilesystems);
        try
        {
            await Run("ip", "netns", "add", harness.name);
            await Run("ip", "-n", harness.name, "link", "set", "lo", "up");
            var hosts = Path.Combine(harness.Directory, "hosts");
            await File.WriteAllTextAsync(hosts, "127.0.0.1 localhost\n");
            harness.PodFiles.Add(new PodFile(hosts, "/etc/hosts"));
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public Task<PodSandbox> StartSandboxAsync(bool shareProcessNamespace) =>
        Runtime.StartSandboxAsync(new PodSandboxRequest($"{name}-pause", Directory, NetworkNamespacePath, "test-pod", shareProcessNamespace));

    public Task<RunningContainer> StartAsync(PodSandbox sandbox, V1Container container, V1PodSecurityContext? security = null,
        IReadOnlyList<KeyValuePair<string, string>>? environment = null, IReadOnlyDictionary<string, string>? volumes = null) =>
        Runtime.StartAsync(new ContainerRequest($"{name}-{container.Name}", sandbox, container, security, environment ?? [],
            volumes ?? new Dictionary<string, string>(), PodFiles, Path.Combine(Directory, "bundles", container.Name), LogOf(container.Name)));

    public string LogOf(string container) => Path.Combine(Directory, "logs", $"{container}.log");

    public string IdOf(string container) => $"{name}-{container}";

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        async Task Try(Func<Task> step)
        {
            try { await step(); }
            catch (Exception e) { failures.Add(e); }
        }
        await Try(Runtime.DestroyAllAsync);
        await Try(() => { PodVolumes.Remove(Directory); return Task.CompletedTask; });
        await Try(() => Run("ip", "netns", "del", name));
        await Try(() => { if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true); return Task.CompletedTask; });
        if (failures.Count > 0) throw new AggregateException("pod harness cleanup failed", failures);
    }

    public static async Task Run(params string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var part in command.Skip(1)) psi.ArgumentList.Add(part);
        using var process = Process.Start(psi)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)} failed: {error}");
    }
}
