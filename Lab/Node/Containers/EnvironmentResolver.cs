using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>A container's environment as the kubelet computes it: value (with $(VAR) references), valueFrom fieldRef, secretKeyRef, configMapKeyRef; envFrom.</summary>
public static partial class EnvironmentResolver
{
    /// <summary>An unknown Secret, ConfigMap, key or field is an error naming it, unless the reference is optional.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Resolve(V1Container container, PodFacts pod,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets)
    {
        var environment = new OrderedEnvironment();
        // As the kubelet: envFrom first, then env, a later name replacing an earlier one.
        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            foreach (var (key, value) in EnvFromSource(container, source, configMaps, secrets))
            {
                // The kubelet skips keys that are not valid variable names (and records an event).
                if (ValidName().IsMatch(prefix + key)) environment.Set(prefix + key, value);
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom is { } from
                ? ValueFrom(container, variable.Name, from, pod, configMaps, secrets)
                : VariableExpansion.Expand(variable.Value ?? "", environment.Lookup);
            if (value is not null) environment.Set(variable.Name, value);
        }
        return environment.Items;
    }

    private static IEnumerable<KeyValuePair<string, string>> EnvFromSource(V1Container container, V1EnvFromSource source,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets)
    {
        if (source.ConfigMapRef is { } configMapRef)
        {
            if (configMaps.TryGetValue(configMapRef.Name, out var configMap)) return configMap.Data ?? new Dictionary<string, string>();
            if (configMapRef.Optional == true) return [];
            throw new InvalidOperationException($"container {container.Name}: envFrom ConfigMap '{configMapRef.Name}' not found");
        }
        if (source.SecretRef is { } secretRef)
        {
            if (secrets.TryGetValue(secretRef.Name, out var secret)) return SecretValues(secret);
            if (secretRef.Optional == true) return [];
            throw new InvalidOperationException($"container {container.Name}: envFrom Secret '{secretRef.Name}' not found");
        }
        return [];
    }

    /// <summary>The value of a valueFrom; null when an optional reference is missing (the variable is then not set).</summary>
    private static string? ValueFrom(V1Container container, string name, V1EnvVarSource from, PodFacts pod,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets)
    {
        if (from.FieldRef is { } field) return FieldValue(container, name, field.FieldPath, pod);
        if (from.SecretKeyRef is { } secretKey)
        {
            if (secrets.TryGetValue(secretKey.Name, out var secret) && SecretValue(secret, secretKey.Key) is { } value) return value;
            if (secretKey.Optional == true) return null;
            throw new InvalidOperationException(secrets.ContainsKey(secretKey.Name)
                ? $"container {container.Name}: env {name}: key '{secretKey.Key}' not found in Secret '{secretKey.Name}'"
                : $"container {container.Name}: env {name}: Secret '{secretKey.Name}' not found");
        }
        if (from.ConfigMapKeyRef is { } configMapKey)
        {
            if (configMaps.TryGetValue(configMapKey.Name, out var configMap) && configMap.Data?.TryGetValue(configMapKey.Key, out var value) == true) return value;
            if (configMapKey.Optional == true) return null;
            throw new InvalidOperationException(configMaps.ContainsKey(configMapKey.Name)
                ? $"container {container.Name}: env {name}: key '{configMapKey.Key}' not found in ConfigMap '{configMapKey.Name}'"
                : $"container {container.Name}: env {name}: ConfigMap '{configMapKey.Name}' not found");
        }
        if (from.ResourceFieldRef is { } resource)
            throw new NotSupportedException($"container {container.Name}: env {name}: resourceFieldRef '{resource.Resource}' is not supported by the lab");
        throw new InvalidOperationException($"container {container.Name}: env {name}: valueFrom names no source");
    }

    private static string FieldValue(V1Container container, string name, string path, PodFacts pod)
    {
        var label = LabelPath().Match(path);
        if (label.Success)
            return pod.Labels.TryGetValue(label.Groups[1].Value, out var value) ? value : "";
        return path switch
        {
            "metadata.name" => pod.Name,
            "metadata.namespace" => pod.Namespace,
            "metadata.uid" => pod.Uid,
            "status.podIP" or "status.podIPs" => pod.Ip,
            "spec.nodeName" => pod.NodeName,
            "spec.serviceAccountName" => pod.ServiceAccountName,
            _ => throw new InvalidOperationException($"container {container.Name}: env {name}: fieldRef '{path}' is not supported"),
        };
    }

    /// <summary>A Secret's value: stringData wins over data, as the API server merges them on write.</summary>
    private static string? SecretValue(V1Secret secret, string key)
    {
        if (secret.StringData?.TryGetValue(key, out var text) == true) return text;
        if (secret.Data?.TryGetValue(key, out var bytes) == true) return Encoding.UTF8.GetString(bytes);
        return null;
    }

    private static IEnumerable<KeyValuePair<string, string>> SecretValues(V1Secret secret)
    {
        var keys = (secret.Data?.Keys ?? []).Concat(secret.StringData?.Keys ?? []).Distinct();
        return keys.Select(key => KeyValuePair.Create(key, SecretValue(secret, key)!));
    }

    [GeneratedRegex(@"^metadata\.labels\['([^']+)'\]$")]
    private static partial Regex LabelPath();

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex ValidName();
}
