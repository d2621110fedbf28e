using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

public sealed class EnvironmentResolverTests
{
    private static readonly PodFacts Pod = new("redis-ha-server-1", "redis", "0f3c-uid", "10.244.0.11", "lab-node", "redis-ha",
        new Dictionary<string, string> { ["app.kubernetes.io/component"] = "server" });

    private static readonly Dictionary<string, V1ConfigMap> ConfigMaps = new()
    {
        ["settings"] = new V1ConfigMap { Data = new Dictionary<string, string> { ["QUORUM"] = "2", ["bad name"] = "skipped" } },
    };

    private static readonly Dictionary<string, V1Secret> Secrets = new()
    {
        ["auth"] = new V1Secret { Data = new Dictionary<string, byte[]> { ["password"] = "from-data"u8.ToArray() } },
        ["typed"] = new V1Secret { StringData = new Dictionary<string, string> { ["password"] = "from-string-data" } },
    };

    [Fact]
    public void ValuesExpandEarlierVariablesAndKeepTheRestAsWritten()
    {
        var environment = Resolve(
            Value("HOST", "redis"),
            Value("URL", "$(HOST):$(PORT)/$$(HOST)/$$/$(/$x"),
            Value("PORT", "6379"),
            Value("AGAIN", "$(PORT)"));

        Assert.Equal(
            [("HOST", "redis"), ("URL", "redis:$(PORT)/$(HOST)/$/$(/$x"), ("PORT", "6379"), ("AGAIN", "6379")],
            environment.Select(pair => (pair.Key, pair.Value)));
        Assert.Equal(["redis-server", "--port", "6379", "$(NOPE)"],
            VariableExpansion.Expand(["redis-server", "--port", "$(PORT)", "$(NOPE)"], environment));
    }

    [Fact]
    public void FieldRefsSecretsAndConfigMapsAreResolved()
    {
        var environment = VariableExpansion.ToLookup(Resolve(
            Field("NAME", "metadata.name"), Field("NS", "metadata.namespace"), Field("UID", "metadata.uid"),
            Field("COMPONENT", "metadata.labels['app.kubernetes.io/component']"), Field("IP", "status.podIP"),
            Field("NODE", "spec.nodeName"), Field("SA", "spec.serviceAccountName"),
            new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "auth", Key = "password" } } },
            new V1EnvVar { Name = "TYPED", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "typed", Key = "password" } } },
            new V1EnvVar { Name = "QUORUM", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "QUORUM" } } }));

        Assert.Equal("redis-ha-server-1 redis 0f3c-uid server 10.244.0.11 lab-node redis-ha from-data from-string-data 2",
            string.Join(' ', new[] { "NAME", "NS", "UID", "COMPONENT", "IP", "NODE", "SA", "PASSWORD", "TYPED", "QUORUM" }.Select(name => environment[name])));
    }

    [Fact]
    public void EnvFromComesFirstWithItsPrefixAndEnvOverridesIt()
    {
        var container = new V1Container
        {
            Name = "c",
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" },
                       new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "auth" } }],
            Env = [Value("password", "$(CFG_QUORUM)x")],
        };
        var environment = EnvironmentResolver.Resolve(container, Pod, ConfigMaps, Secrets);
        Assert.Equal([("CFG_QUORUM", "2"), ("password", "2x")], environment.Select(pair => (pair.Key, pair.Value)));
    }

    [Fact]
    public void AMissingSecretConfigMapOrKeyIsAnErrorNamingItUnlessOptional()
    {
        Assert.Contains("Secret 'absent'", Assert.Throws<InvalidOperationException>(() => Resolve(
            new V1EnvVar { Name = "P", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "password" } } })).Message);
        Assert.Contains("key 'user' not found in Secret 'auth'", Assert.Throws<InvalidOperationException>(() => Resolve(
            new V1EnvVar { Name = "P", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "auth", Key = "user" } } })).Message);
        Assert.Contains("ConfigMap 'absent'", Assert.Throws<InvalidOperationException>(() => Resolve(
            new V1EnvVar { Name = "Q", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "absent", Key = "QUORUM" } } })).Message);
        Assert.Contains("envFrom Secret 'absent'", Assert.Throws<InvalidOperationException>(() => EnvironmentResolver.Resolve(
            new V1Container { Name = "c", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent" } }] }, Pod, ConfigMaps, Secrets)).Message);
        Assert.Contains("fieldRef 'status.hostIP'", Assert.Throws<InvalidOperationException>(() => Resolve(Field("H", "status.hostIP"))).Message);

        Assert.Empty(Resolve(
            new V1EnvVar { Name = "P", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "password", Optional = true } } },
            new V1EnvVar { Name = "Q", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope", Optional = true } } }));
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Resolve(params V1EnvVar[] env) =>
        EnvironmentResolver.Resolve(new V1Container { Name = "c", Env = env }, Pod, ConfigMaps, Secrets);

    private static V1EnvVar Value(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar Field(string name, string path) => new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };
}
