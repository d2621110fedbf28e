using Pulumi;

namespace RedisHa.Components;

/// <summary>CPU and memory as Kubernetes quantities; one left out is left out of the container spec.</summary>
public sealed class ResourceQuantitiesArgs : ResourceArgs
{
    /// <summary>CPU, such as 100m.</summary>
    [Input("cpu")]
    public Input<string>? Cpu { get; set; }

    /// <summary>Memory, such as 128Mi.</summary>
    [Input("memory")]
    public Input<string>? Memory { get; set; }
}
