using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The ConfigMaps' names: the base name from <see cref="ObjectNames"/> plus the first 10 hex digits
/// of a hash of the content, as Kustomize's configMapGenerator names them. The ConfigMaps are
/// immutable: a change is a new ConfigMap, which the new pod template names, so pods not yet
/// replaced by the rollout keep reading the files they started with (a mounted ConfigMap that
/// changed would be rewritten under them a minute after an apply, old environment and all).
/// </summary>
public sealed record ConfigMapNames(string Server, string Scripts, string Haproxy, string HaproxyScripts)
{
    /// <summary>Hex digits of the content hash in a name.</summary>
    public const int HashLength = 10;

    /// <summary>HAProxy runs only these scripts: its own ConfigMap holds them, so a change to the node scripts does not roll the proxies.</summary>
    public static readonly string[] HaproxyScriptNames = ["common.sh", "haproxy.sh"];

    public static ConfigMapNames For(RedisHaSpec spec, ConfigFiles files, IReadOnlyDictionary<string, string> scripts) => new(
        Named(spec.Names.ServerConfigMap, files.ServerFiles),
        Named(spec.Names.ScriptsConfigMap, scripts),
        Named(spec.Names.HaproxyConfigMap, files.HaproxyFiles),
        Named(spec.Names.HaproxyScriptsConfigMap, HaproxyScriptFiles(scripts)));

    /// <summary>The scripts of the HAProxy pods.</summary>
    public static IReadOnlyDictionary<string, string> HaproxyScriptFiles(IReadOnlyDictionary<string, string> scripts) =>
        scripts.Where(s => HaproxyScriptNames.Contains(s.Key)).ToDictionary(StringComparer.Ordinal);

    /// <summary><paramref name="baseName"/>-&lt;10 hex digits of the content's hash&gt;.</summary>
    public static string Named(string baseName, IEnumerable<KeyValuePair<string, string>> data) =>
        $"{baseName}-{ConfigChecksum.Of(data)[..HashLength]}";
}
