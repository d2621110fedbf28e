using RedisHa.Blueprint.Options;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>
/// Starts a <see cref="PodScenario"/> whose sentinels have settled on a master before the test
/// begins. PodScenario.StartAsync asks for the master once, right after the first write; over TLS
/// on a loaded machine a 1 s probe can miss that answer, so this polls for it instead.
/// </summary>
public static class SettledScenario
{
    public static async Task<PodScenario> StartAsync(ITestOutputHelper output, string title, string profile = "fast",
        Func<RedisHaOptions, RedisHaOptions>? options = null, string? password = null)
    {
        var lab = await PodScenario.StartLabAsync(profile, options, password);
        var scenario = new PodScenario(output, title, lab, owned: true);
        try
        {
            await lab.WaitForSettledAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"{title}: lab up at {lab.Endpoint} (profile {profile}), master {lab.Spec.Names.Pod(await scenario.WaitForMasterAsync(TimeSpan.FromSeconds(30)))}");
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }
}
