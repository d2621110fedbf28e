using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster;

namespace RedisHa.Cli.Tests;

/// <summary>One pod lab (fast profile) shared by every test of <see cref="CheckLabTests"/>: starting one costs many seconds.</summary>
public sealed class CheckLabFixture : IAsyncLifetime
{
    public PodLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await PodLabs.StartAsync(new RedisHaOptions { FailoverProfile = "fast" });

    public async Task DisposeAsync()
    {
        if (Lab is not null) await Lab.DownAsync();
    }
}
