using k8s.Models;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// The config files and scripts as ConfigMaps. None holds a secret: the password reaches the
/// containers from the Secret, as an environment variable.
/// </summary>
internal static class ConfigMaps
{
    public static V1ConfigMap Server(RedisHaSpec spec, ConfigFiles files) =>
        Create(spec, spec.Names.ServerConfigMap, Labels.ServerComponent, files.ServerFiles);

    /// <summary>Mounted by the server pods and the HAProxy pods (haproxy.sh sources common.sh); labelled with the server, which runs most of them.</summary>
    public static V1ConfigMap Scripts(RedisHaSpec spec, IReadOnlyDictionary<string, string> scripts) =>
        Create(spec, spec.Names.ScriptsConfigMap, Labels.ServerComponent, scripts);

    public static V1ConfigMap Haproxy(RedisHaSpec spec, ConfigFiles files) =>
        Create(spec, spec.Names.HaproxyConfigMap, Labels.HaproxyComponent, files.HaproxyFiles);

    private static V1ConfigMap Create(RedisHaSpec spec, string name, string component, IReadOnlyDictionary<string, string> files) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ObjectMetadata.For(spec, name, component),
        // Sorted, so the same input always renders the same YAML and diffs stay small.
        Data = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal),
    };
}
