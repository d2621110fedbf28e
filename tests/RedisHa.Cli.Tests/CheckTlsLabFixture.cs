using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster;

namespace RedisHa.Cli.Tests;

/// <summary>One pod lab with TLS on every connection, shared by <see cref="CheckTlsLabTests"/>.</summary>
public sealed class CheckTlsLabFixture : IAsyncLifetime
{
    public PodLab Lab { get; private set; } = null!;

    // The secret name means nothing in the lab (it issues its own certificates) but is required as in a cluster.
    public async Task InitializeAsync() =>
        Lab = await PodLabs.StartAsync(new RedisHaOptions { FailoverProfile = "fast", Tls = new TlsOptions { Enabled = true, SecretName = "lab" } });

    public async Task DisposeAsync()
    {
        if (Lab is not null) await Lab.DownAsync();
    }
}
