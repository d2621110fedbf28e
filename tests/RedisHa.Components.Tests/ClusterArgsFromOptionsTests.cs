using Pulumi;
using Pulumi.Utilities;
using RedisHa.Blueprint.Options;

namespace RedisHa.Components.Tests;

/// <summary>The stack program's config, turned into the component's args, resolves to the same options.</summary>
public class ClusterArgsFromOptionsTests
{
    private static async Task<RedisHaOptions> RoundTrip(RedisHaOptions options, Input<string>? password = null, Input<string>? previousPassword = null)
    {
        var raw = await OutputUtilities.GetValueAsync(ClusterInputs.Raw(ClusterArgsFromOptions.Create(options, password, previousPassword)));
        var read = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        return read;
    }

    [Fact]
    public async Task Defaults_come_back_as_defaults()
    {
        Assert.Equal(new RedisHaOptions(), await RoundTrip(new RedisHaOptions()));
    }

    [Fact]
    public async Task Every_option_comes_back_as_it_went()
    {
        var options = new RedisHaOptions
        {
            Name = "cache",
            Namespace = "shop",
            CreateNamespace = false,
            ClusterDomain = "example.internal",
            Replicas = 5,
            HaproxyReplicas = 2,
            MasterName = "shop-master",
            FailoverProfile = "fast",
            DownAfterMilliseconds = 2000,
            FailoverTimeoutMilliseconds = 9000,
            HaproxyCheckIntervalMilliseconds = 300,
            Quorum = 4,
            RedisImage = "registry.example.com/redis:7.2.5",
            HaproxyImage = "registry.example.com/haproxy:2.8",
            Auth = false,
            Persistence = new PersistenceOptions { Enabled = false, Size = "3Gi", StorageClass = "fast-ssd" },
            Resources = new ResourcesOptions
            {
                Redis = new ContainerResources("250m", null, "1", "1Gi"),
                Sentinel = new ContainerResources(null, null, null, null),
            },
            HardAntiAffinity = false,
            HardHaproxyAntiAffinity = true,
            TopologySpreadZones = true,
            PodDisruptionBudget = false,
            NetworkPolicy = new NetworkPolicyOptions
            {
                Enabled = false,
                AllowedNamespaces = ["web", "jobs"],
                AllowedNamespaceLabels = new Dictionary<string, string> { ["team"] = "shop" },
                AllowedPodLabels = new Dictionary<string, string> { ["app"] = "checkout", ["tier"] = "" },
                MetricsNamespace = "monitoring",
                AllowSentinelClients = true,
            },
            Metrics = new MetricsOptions { Enabled = true, ExporterImage = "exporter:1", ServiceMonitor = true, ServiceMonitorLabels = new Dictionary<string, string> { ["release"] = "prom" } },
            Tls = new TlsOptions { Enabled = true, SecretName = "redis-tls", AuthClients = true },
            ReadEndpoint = new ReadEndpointOptions { Enabled = true },
            MaxMemory = "256mb",
            MaxMemoryPolicy = "allkeys-lru",
            MinReplicasToWrite = 2,
            MinReplicasMaxLag = 20,
        };

        Assert.Equal(options, await RoundTrip(options));
    }

    [Fact]
    public async Task A_password_is_carried_as_a_placeholder_never_as_its_text()
    {
        var read = await RoundTrip(new RedisHaOptions(), Output.CreateSecret("the-text-9f2c"));

        Assert.Equal(ClusterInputs.GivenPassword, read.Password);
    }

    [Fact]
    public async Task A_previous_password_is_carried_as_a_placeholder_never_as_its_text()
    {
        var read = await RoundTrip(new RedisHaOptions(), Output.CreateSecret("the-new-9f2c"), Output.CreateSecret("the-old-1a2b"));

        Assert.Equal(ClusterInputs.GivenPreviousPassword, read.PreviousPassword);
    }
}
