using k8s;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Scripts;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint;

/// <summary>
/// Everything a deployment consists of, decided once from a validated spec: the config files, the
/// scripts and the Kubernetes objects. Sinks (Pulumi, YAML, the lab) only carry these to their
/// destination.
/// </summary>
public sealed class RedisHaBlueprint
{
    private RedisHaBlueprint(RedisHaSpec spec)
    {
        Spec = spec;
        Files = new ConfigFiles(spec);
        Scripts = ScriptLibrary.All;
        Kubernetes = new KubernetesObjects(spec, Files, Scripts);
    }

    public static RedisHaBlueprint Create(RedisHaSpec spec) => new(spec);

    public RedisHaSpec Spec { get; }
    public ConfigFiles Files { get; }
    /// <summary>File name → content of every script, as shipped in Blueprint/Scripts.</summary>
    public IReadOnlyDictionary<string, string> Scripts { get; }
    public KubernetesObjects Kubernetes { get; }
}
