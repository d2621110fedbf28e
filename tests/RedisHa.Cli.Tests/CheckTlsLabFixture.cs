using RedisHa.Blueprint.Options;
using RedisHa.Lab;

namespace RedisHa.Cli.Tests;

/// <summary>One lab with TLS on every connection, shared by <see cref="CheckTlsLabTests"/>.</summary>
public sealed class CheckTlsLabFixture : IAsyncLifetime
{
    public LabCluster Lab { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new LabSettings
        {
            Name = $"t-{Guid.NewGuid():N}"[..14],
            Home = Path.Combine(Path.GetTempPath(), "redis-ha-lab-tests"),
        };
        // The secret name means nothing in the lab (it issues its own certificates) but is required as in a cluster.
        var options = new RedisHaOptions { FailoverProfile = "fast", Tls = new TlsOptions { Enabled = true, SecretName = "lab" } };
        Lab = await LabCluster.StartAsync(options, settings);
    }

    public async Task DisposeAsync()
    {
        if (Lab is not null) await Lab.DownAsync();
    }
}
