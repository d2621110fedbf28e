using RedisHa.Blueprint.Options;
using RedisHa.Lab.Tests.Support;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>
/// Starts a <see cref="PodScenario"/> whose sentinels have settled on a master before the test
/// begins. PodScenario.StartAsync asks for the master once, right after the first write; over TLS
/// on a loaded machine a 1 s probe can miss that answer, so this polls for it instead. Settled also
/// means one node answers master: right after start the bootstrap master (node 0) may still answer
/// master while the sentinels already name another, until its watcher demotes it (seen over TLS;
/// HAProxy routes only to the node the sentinels name meanwhile). That wait is written to the output.
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
            var first = await lab.SnapshotAsync();
            if (first.Masters.Count != 1)
            {
                output.WriteLine($"{title}: {first.Masters.Count} nodes answer master after start: {PodScenario.Describe(first)}");
                await Eventually.Holds(TimeSpan.FromSeconds(30), "one node to answer master", async () => (await lab.SnapshotAsync()).Masters.Count == 1);
            }
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
