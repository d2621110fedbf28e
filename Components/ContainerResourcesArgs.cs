using Pulumi;

namespace RedisHa.Components;

/// <summary>
/// Requests and limits of one container. As in the stack configuration, a part given here replaces
/// that part's defaults whole (a quantity it leaves out is left out of the container spec); a part
/// left out keeps its defaults.
/// </summary>
public sealed class ContainerResourcesArgs : ResourceArgs
{
    /// <summary>What the scheduler reserves for the container.</summary>
    [Input("requests")]
    public Input<ResourceQuantitiesArgs>? Requests { get; set; }

    /// <summary>What the container may use at most.</summary>
    [Input("limits")]
    public Input<ResourceQuantitiesArgs>? Limits { get; set; }
}
