namespace RedisHa.Lab.Node.Containers;

/// <summary>The small table from image names to their stand-ins (redis:* → redis-server 7.0, haproxy:* → haproxy 2.6, ...).</summary>
public static class ImageCatalog
{
    /// <summary>The image of the pod sandbox (its PID 1 reaps orphans, as Kubernetes' pause image does).</summary>
    public const string PauseImage = "registry.k8s.io/pause";

    /// <summary>The stand-in for an image; an image the table does not know is an error naming it.</summary>
    public static ImageStandIn Resolve(string image) => throw new NotImplementedException();
}
