using Pulumi;

namespace RedisHa.Components;

/// <summary>The <c>persistence</c> input: where Redis keeps its data. An unset input takes the Blueprint's default.</summary>
public sealed class PersistenceArgs : ResourceArgs
{
    /// <summary>A PersistentVolumeClaim per pod; false uses an emptyDir, whose data a restarted pod loses.</summary>
    [Input("enabled")]
    public Input<bool>? Enabled { get; set; }

    /// <summary>Size of each volume, a Kubernetes quantity such as 1Gi.</summary>
    [Input("size")]
    public Input<string>? Size { get; set; }

    /// <summary>StorageClass of the volumes; unset: the cluster's default.</summary>
    [Input("storageClass")]
    public Input<string>? StorageClass { get; set; }
}
