namespace RedisHa.Blueprint.Options;

/// <summary>
/// TLS for every connection: clients to HAProxy, HAProxy to the nodes, replication, Sentinel and
/// the scripts. The certificates come from a Secret as cert-manager produces it (keys tls.crt,
/// tls.key, ca.crt); nothing here creates or renews them.
/// </summary>
public sealed record TlsOptions
{
    public bool Enabled { get; init; }
    /// <summary>The Secret with tls.crt, tls.key and ca.crt; required when <see cref="Enabled"/>.</summary>
    public string? SecretName { get; init; }
    /// <summary>
    /// Require a client certificate signed by ca.crt from every client, the endpoint's included.
    /// Off by default: the password already authenticates clients, and most clients have no certificate.
    /// </summary>
    public bool AuthClients { get; init; }
}
