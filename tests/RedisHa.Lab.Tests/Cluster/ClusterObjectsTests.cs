using k8s.Models;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;
using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Tests.Cluster;

/// <summary>What the lab's API server holds across applies: removed objects are deleted last, as by `pulumi up`.</summary>
public sealed class ClusterObjectsTests
{
    [Fact]
    public void Objects_an_apply_no_longer_renders_stay_as_retiring_until_deleted()
    {
        var five = Apply(null, replicas: 5);
        Assert.Empty(five.Retiring);

        var three = Apply(five, replicas: 3);
        var retiring = three.Retiring.Select(ClusterObjects.Key).ToList();
        // The announce Services of nodes 3 and 4, and the ConfigMaps named by their old content.
        Assert.Contains("Service/redis/redis-ha-announce-3", retiring);
        Assert.Contains("Service/redis/redis-ha-announce-4", retiring);
        Assert.Contains(three.Retiring, o => o is V1ConfigMap);
        Assert.DoesNotContain(three.Retiring, o => o is V1StatefulSet or V1Deployment);
        // Held with the current objects (the controllers still see them), each once.
        Assert.Equal(three.All.Count, three.All.Select(ClusterObjects.Key).Distinct().Count());
        Assert.Contains(three.Services, s => s.Metadata.Name == "redis-ha-announce-4");
        Assert.Equal(3, three.StatefulSets.Single().Spec.Replicas);

        // A second apply before the first one's deletion (here a new profile) keeps what both dropped.
        var again = Apply(three, replicas: 3, profile: "fast");
        Assert.Contains("Service/redis/redis-ha-announce-4", again.Retiring.Select(ClusterObjects.Key));
        Assert.Contains("Service/redis/redis-ha-announce-3", again.Retiring.Select(ClusterObjects.Key));
        Assert.True(again.Retiring.OfType<V1ConfigMap>().Count() > three.Retiring.OfType<V1ConfigMap>().Count(), "the ConfigMaps of both earlier applies retire");

        var done = again.WithoutRetiring();
        Assert.Empty(done.Retiring);
        Assert.DoesNotContain(done.Services, s => s.Metadata.Name is "redis-ha-announce-3" or "redis-ha-announce-4");
        Assert.Contains(done.Services, s => s.Metadata.Name == "redis-ha-announce-2");
        Assert.Equal(again.All.Count - again.Retiring.Count, done.All.Count);
    }

    private static ClusterObjects Apply(ClusterObjects? before, int replicas, string profile = "default") => ClusterObjects.From(
        RedisHaBlueprint.Create(OptionsValidator.Validate(new RedisHaOptions { Replicas = replicas, FailoverProfile = profile })).Kubernetes.All, [], before);
}
