using RedisHa.Blueprint.Options;
using RedisHa.Lab;

namespace RedisHa.Cli.Tests;

/// <summary>One lab (fast profile) shared by every test of <see cref="CheckLabTests"/>: starting one costs seconds.</summary>
public sealed class CheckLabFixture : IAsyncLifetime
{
    public LabCluster Lab { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new LabSettings
        {
            Name = $"c-{Guid.NewGuid():N}"[..14],
            Home = Path.Combine(Path.GetTempPath(), "redis-ha-lab-tests"),
        };
        Lab = await LabCluster.StartAsync(new RedisHaOptions { FailoverProfile = "fast" }, settings);
    }

    public async Task DisposeAsync()
    {
        if (Lab is not null) await Lab.DownAsync();
    }
}
