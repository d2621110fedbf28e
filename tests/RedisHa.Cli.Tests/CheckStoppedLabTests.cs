using RedisHa.Blueprint.Options;
using RedisHa.Cli.Commands;
using Xunit.Abstractions;

namespace RedisHa.Cli.Tests;

/// <summary>
/// `redis-ha check` against a lab that was up and is now down: what a user sees when the deployment is gone.
/// In the collection of <see cref="CheckLabTests"/>, so the two labs never start at the same time.
/// </summary>
[Collection(CheckLabCollection.Name)]
public class CheckStoppedLabTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Check_fails_clearly_against_a_stopped_lab()
    {
        var lab = await PodLabs.StartAsync(new RedisHaOptions { FailoverProfile = "fast" });
        await lab.DownAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = await CheckCommand.RunAsync(
            [lab.Endpoint, .. lab.Sentinels.SelectMany(s => new[] { "--sentinel", s }), "--password-env", $"REDIS_HA_CHECK_TEST_UNSET_{Guid.NewGuid():N}"],
            stdout, stderr);
        output.WriteLine($"exit {exitCode}\n{stdout}{stderr}");

        Assert.Equal(1, exitCode);
        var errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, errors.Length);
        Assert.Equal($"error: connect: endpoint {lab.Endpoint}: cannot connect: connection refused: nothing listens there", errors[0]);
        Assert.All(lab.Sentinels, s => Assert.Contains($"error: sentinel: {s}: cannot connect: connection refused: nothing listens there", errors));
        Assert.Contains("check FAILED: 4 problems", stdout.ToString());
    }
}
