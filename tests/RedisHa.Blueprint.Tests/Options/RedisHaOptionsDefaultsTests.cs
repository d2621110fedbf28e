using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Options;

public class RedisHaOptionsDefaultsTests
{
    [Fact]
    public void Defaults_are_a_three_node_set_with_auth_and_persistence()
    {
        var o = new RedisHaOptions();

        Assert.Equal("redis-ha", o.Name);
        Assert.Equal("redis", o.Namespace);
        Assert.True(o.CreateNamespace);
        Assert.Equal("cluster.local", o.ClusterDomain);
        Assert.Equal(3, o.Replicas);
        Assert.Equal(3, o.HaproxyReplicas);
        Assert.Equal("mymaster", o.MasterName);
        Assert.Equal("default", o.FailoverProfile);
        Assert.Null(o.DownAfterMilliseconds);
        Assert.Null(o.FailoverTimeoutMilliseconds);
        Assert.Null(o.HaproxyCheckIntervalMilliseconds);
        Assert.Null(o.Quorum);
        Assert.Equal("redis:7.2.5-alpine", o.RedisImage);
        Assert.Equal("haproxy:2.8.10-alpine", o.HaproxyImage);
        Assert.True(o.Auth);
        Assert.Null(o.Password);
        Assert.True(o.HardAntiAffinity);
        Assert.Null(o.MaxMemory);
        Assert.Equal("noeviction", o.MaxMemoryPolicy);
        Assert.Equal(1, o.MinReplicasToWrite);
        Assert.Equal(2, o.MinReplicasMaxLag);
    }

    [Fact]
    public void Default_persistence_is_a_1Gi_claim_on_the_default_storage_class()
    {
        var p = new RedisHaOptions().Persistence;

        Assert.True(p.Enabled);
        Assert.Equal("1Gi", p.Size);
        Assert.Null(p.StorageClass);
    }

    [Fact]
    public void Default_resources_request_and_limit_memory_but_never_limit_cpu()
    {
        var r = new RedisHaOptions().Resources;

        Assert.Equal(new ContainerResources("100m", "128Mi", null, "512Mi"), r.Redis);
        Assert.Equal(new ContainerResources("20m", "32Mi", null, "64Mi"), r.Sentinel);
        Assert.Equal(new ContainerResources("50m", "32Mi", null, "128Mi"), r.Haproxy);
    }

    [Fact]
    public void Failover_profiles_default_and_fast_have_their_documented_timings()
    {
        Assert.Equal(new FailoverProfile("default", 5000, 30000, 500), FailoverProfile.Default);
        Assert.Equal(new FailoverProfile("fast", 1000, 6000, 250), FailoverProfile.Fast);
        Assert.Same(FailoverProfile.Fast, FailoverProfile.Find("fast"));
        Assert.Null(FailoverProfile.Find("Fast"));
    }

    [Fact]
    public void Reading_an_empty_configuration_gives_exactly_the_defaults()
    {
        var options = OptionsReader.Read(new JsonObject(), out var problems);

        Assert.Empty(problems);
        Assert.Equal(new RedisHaOptions(), options);
    }
}
