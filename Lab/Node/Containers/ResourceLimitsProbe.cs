using System.Text.Json;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Finds out once whether runc can set memory and CPU limits on this machine's cgroups (hybrid
/// mode, shared with other work): it runs `true` in a throwaway container that has both.
/// </summary>
internal sealed class ResourceLimitsProbe(RuncCli runc, RootFilesystems rootFilesystems, LabCgroups cgroups)
{
    private readonly Lazy<Task<bool>> probe = new(() => ProbeAsync(runc, rootFilesystems, cgroups));

    public bool? Result => probe.IsValueCreated && probe.Value.IsCompletedSuccessfully ? probe.Value.Result : null;

    public Task<bool> RunAsync() => probe.Value;

    private static async Task<bool> ProbeAsync(RuncCli runc, RootFilesystems rootFilesystems, LabCgroups cgroups)
    {
        var id = $"limits-probe-{Guid.NewGuid():N}"[..24];
        var bundle = Path.Combine(Path.GetTempPath(), $"rha-{id}");
        try
        {
            Directory.CreateDirectory(bundle);
            var rootfs = rootFilesystems.For(ImageCatalog.Resolve(ImageCatalog.PauseImage));
            var config = OciSpecBuilder.ForLimitsProbe(rootfs, cgroups.PathOf(id));
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), JsonSerializer.Serialize(config, OciConfig.Json));
            var (code, _) = await runc.RunAsync("run", "--bundle", bundle, id);
            return code == 0;
        }
        finally
        {
            await runc.RunAsync("delete", "--force", id);
            Directory.Delete(bundle, recursive: true);
        }
    }
}
