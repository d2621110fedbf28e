using Pulumi;

namespace RedisHa.Components;

/// <summary>The <c>tls</c> input: TLS on every connection, the plain ports closed. An unset input takes the Blueprint's default.</summary>
public sealed class TlsArgs : ResourceArgs
{
    /// <summary>Use TLS for clients, HAProxy, replication and Sentinel; needs secretName.</summary>
    [Input("enabled")]
    public Input<bool>? Enabled { get; set; }

    /// <summary>A Secret with tls.crt, tls.key and ca.crt, as cert-manager creates it.</summary>
    [Input("secretName")]
    public Input<string>? SecretName { get; set; }

    /// <summary>Also require a client certificate signed by ca.crt from every client.</summary>
    [Input("authClients")]
    public Input<bool>? AuthClients { get; set; }
}
