using Pulumi;
using Pulumi.Kubernetes.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using RedisHa.Components;

return await Deployment.RunAsync(() =>
{
    // A namespace this program manages itself: the component takes its name as an input and waits
    // for it, so it must not create the namespace too.
    var ns = new Namespace("cache", new NamespaceArgs { Metadata = new ObjectMetaArgs { Name = "cache" } });

    var redis = new RedisHaCluster("cache", new RedisHaClusterArgs
    {
        Namespace = ns.Metadata.Apply(m => m.Name),
        CreateNamespace = false,
        Replicas = 3,
        FailoverProfile = "fast",
    });

    return new Dictionary<string, object?>
    {
        ["endpoint"] = redis.Endpoint,
        ["password"] = redis.Password,
    };
});
