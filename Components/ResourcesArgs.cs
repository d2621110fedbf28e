using Pulumi;

namespace RedisHa.Components;

/// <summary>The <c>resources</c> input: requests and limits per container. A container left out keeps its defaults.</summary>
public sealed class ResourcesArgs : ResourceArgs
{
    /// <summary>The redis-server container.</summary>
    [Input("redis")]
    public Input<ContainerResourcesArgs>? Redis { get; set; }

    /// <summary>The redis-sentinel container.</summary>
    [Input("sentinel")]
    public Input<ContainerResourcesArgs>? Sentinel { get; set; }

    /// <summary>The HAProxy container.</summary>
    [Input("haproxy")]
    public Input<ContainerResourcesArgs>? Haproxy { get; set; }
}
