using k8s.Models;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// Environment variables of the containers. The values come from <see cref="ScriptEnvironment"/>,
/// the same as in the lab; only what a pod knows better (its name, the Secret) is added here.
/// </summary>
internal static class ContainerEnvironment
{
    /// <summary>
    /// Every redis+sentinel container. Redis and Sentinel listen on all interfaces of the pod
    /// (the pod is the node); outgoing connections need no fixed source address.
    /// </summary>
    public static List<V1EnvVar> ForServer(RedisHaSpec spec)
    {
        var env = Values(ScriptEnvironment.ForNode(spec, spec.NodeHosts, bindAddress: "* -::*", sourceAddress: ""));
        // The ordinal suffix of the pod's name says which of the node addresses is this node.
        env.Add(new V1EnvVar
        {
            Name = ScriptEnvironment.PodName,
            ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
        });
        AddPassword(spec, env);
        return env;
    }

    public static List<V1EnvVar> ForHaproxy(RedisHaSpec spec)
    {
        var env = Values(ScriptEnvironment.ForHaproxy(spec, spec.NodeHosts, bindAddress: "0.0.0.0", sourceAddress: "0.0.0.0", statsBindAddress: "0.0.0.0"));
        AddPassword(spec, env);
        return env;
    }

    /// <summary>
    /// The redis_exporter reaches its own pod's Redis over loopback; it reads the password under its
    /// own variable name, from the same Secret.
    /// </summary>
    public static List<V1EnvVar> ForExporter(RedisHaSpec spec)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "REDIS_ADDR", Value = FormattableString.Invariant($"{(spec.Tls ? "rediss" : "redis")}://127.0.0.1:{RedisHaSpec.RedisPort}") },
            new() { Name = "REDIS_EXPORTER_WEB_LISTEN_ADDRESS", Value = FormattableString.Invariant($":{RedisExporter.Port}") },
        };
        if (spec.Tls)
        {
            // Encrypted but unverified: a certificate issued for the Services' names never names
            // 127.0.0.1, and a connection over the pod's own loopback cannot be intercepted.
            env.Add(new V1EnvVar { Name = "REDIS_EXPORTER_SKIP_TLS_VERIFICATION", Value = "true" });
            // Offered when Redis asks for a client certificate (tls.authClients), ignored otherwise.
            env.Add(new V1EnvVar { Name = "REDIS_EXPORTER_TLS_CLIENT_CERT_FILE", Value = $"{NodePaths.TlsDir}/{TlsVolume.CertificateKey}" });
            env.Add(new V1EnvVar { Name = "REDIS_EXPORTER_TLS_CLIENT_KEY_FILE", Value = $"{NodePaths.TlsDir}/{TlsVolume.PrivateKeyKey}" });
        }
        AddPassword(spec, env, "REDIS_PASSWORD", previousToo: false);
        return env;
    }

    private static List<V1EnvVar> Values(IEnumerable<KeyValuePair<string, string>> values) =>
        values.Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }).ToList();

    /// <summary>
    /// A reference to the Secret, never the password itself: no rendered object may hold it. During
    /// a rotation the scripts and HAProxy also get the previous password (the exporter does not: it
    /// talks to its own pod's Redis, which accepts the new one).
    /// </summary>
    private static void AddPassword(RedisHaSpec spec, List<V1EnvVar> env, string name = ScriptEnvironment.Password, bool previousToo = true)
    {
        if (!spec.Auth) return;
        env.Add(SecretValue(spec, name, ObjectNames.PasswordKey));
        if (previousToo && spec.RotatingPassword) env.Add(SecretValue(spec, ScriptEnvironment.PreviousPassword, ObjectNames.PreviousPasswordKey));
    }

    private static V1EnvVar SecretValue(RedisHaSpec spec, string name, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource
        {
            SecretKeyRef = new V1SecretKeySelector { Name = spec.Names.PasswordSecret, Key = key },
        },
    };
}
