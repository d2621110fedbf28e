using Pulumi;

namespace RedisHa.Components;

/// <summary>The <c>readEndpoint</c> input. An unset input takes the Blueprint's default.</summary>
public sealed class ReadEndpointArgs : ResourceArgs
{
    /// <summary>HAProxy port 6380 and the Service &lt;name&gt;-read, spreading reads over the replicas in sync with their master.</summary>
    [Input("enabled")]
    public Input<bool>? Enabled { get; set; }
}
