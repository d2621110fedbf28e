using k8s.Models;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The config files and scripts as ConfigMaps, named by their content and immutable (see
/// <see cref="ConfigMapNames"/>). None holds a secret: the password reaches the containers from
/// the Secret, as an environment variable.
/// </summary>
internal static class ConfigMaps
{
    public static V1ConfigMap Server(RedisHaSpec spec, ConfigMapNames names, ConfigFiles files) =>
        Create(spec, names.Server, Labels.ServerComponent, files.ServerFiles);

    /// <summary>Every script, mounted by the server pods.</summary>
    public static V1ConfigMap Scripts(RedisHaSpec spec, ConfigMapNames names, IReadOnlyDictionary<string, string> scripts) =>
        Create(spec, names.Scripts, Labels.ServerComponent, scripts);

    public static V1ConfigMap Haproxy(RedisHaSpec spec, ConfigMapNames names, ConfigFiles files) =>
        Create(spec, names.Haproxy, Labels.HaproxyComponent, files.HaproxyFiles);

    /// <summary>The scripts the HAProxy pods run (haproxy.sh sources common.sh).</summary>
    public static V1ConfigMap HaproxyScripts(RedisHaSpec spec, ConfigMapNames names, IReadOnlyDictionary<string, string> scripts) =>
        Create(spec, names.HaproxyScripts, Labels.HaproxyComponent, ConfigMapNames.HaproxyScriptFiles(scripts));

    private static V1ConfigMap Create(RedisHaSpec spec, string name, string component, IReadOnlyDictionary<string, string> files) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ObjectMetadata.For(spec, name, component),
        // Sorted, so the same input always renders the same YAML and diffs stay small.
        Data = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal),
        // Its name is its content: a change is a new ConfigMap, never an edit under running pods.
        Immutable = true,
    };
}
