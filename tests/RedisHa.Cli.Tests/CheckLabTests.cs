using RedisHa.Blueprint.Spec;
using RedisHa.Cli.Commands;
using RedisHa.Lab.Cluster;
using Xunit.Abstractions;

namespace RedisHa.Cli.Tests;

/// <summary>`redis-ha check` against a pod lab: the rendered objects running as containers, reached through the lab's host forwards.</summary>
[Collection(CheckLabCollection.Name)]
public class CheckLabTests(CheckLabFixture fixture, ITestOutputHelper output) : IClassFixture<CheckLabFixture>
{
    private PodLab Lab => fixture.Lab;

    private string[] SentinelArgs => Lab.Sentinels.SelectMany(s => new[] { "--sentinel", s }).ToArray();

    /// <summary>Runs the command with the password, if any, in an environment variable of its own.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(string? password, params string[] args)
    {
        var variable = $"REDIS_HA_CHECK_TEST_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, password);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exitCode = await CheckCommand.RunAsync([.. args, "--password-env", variable], stdout, stderr, route: Lab.HostRoute);
            output.WriteLine($"redis-ha check {string.Join(' ', args)} --password-env {variable}: exit {exitCode}\n{stdout}{stderr}");
            return (exitCode, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Check_passes_against_a_running_lab_with_master_two_replicas_and_three_agreeing_sentinels()
    {
        await PodLabs.WaitUntilHealthyAsync(Lab);
        // Sentinels and replicas name nodes by the address they announce, their Service's ClusterIP.
        var master = Lab.NodeAnnounceIp(await Lab.FindMasterAsync() ?? throw new InvalidOperationException("no master"));

        var (exitCode, stdout, stderr) = await CheckAsync(Lab.Password, [Lab.Endpoint, .. SentinelArgs, "--expect-replicas", "2"]);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("OK    role      the endpoint reaches a master", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OK    write     SET and GET", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("OK    replica   ", StringComparison.Ordinal) && l.Contains(" online, lag ")));
        Assert.Equal(3, lines.Count(l => l.StartsWith("OK    sentinel  ", StringComparison.Ordinal) && l.Contains($"names {master}:{RedisHaSpec.RedisPort}")));
        Assert.Contains($"all 3 sentinels name {master}:{RedisHaSpec.RedisPort}", stdout);
        Assert.Contains($"{master}:{RedisHaSpec.RedisPort} answers role:master and is the node behind the endpoint", stdout);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal) || l.StartsWith("WARN", StringComparison.Ordinal));
        Assert.Equal("check passed", lines[^1].TrimEnd());
        Assert.DoesNotContain(Lab.Password!, stdout + stderr);
    }

    [Fact]
    public async Task Check_fails_with_exit_1_against_an_address_where_nothing_listens()
    {
        // The endpoint's host forward, on a port no Service has: as the endpoint of a stopped lab.
        var stopped = $"{Lab.HostAddress(Lab.Spec.Names.EndpointService)}:6399";

        var (exitCode, stdout, stderr) = await CheckAsync(Lab.Password, stopped);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: connect: endpoint {stopped}: cannot connect: connection refused: nothing listens there", stderr);
        Assert.Contains("check FAILED", stdout);
    }

    [Fact]
    public async Task Check_with_a_wrong_password_fails_naming_authentication()
    {
        var (exitCode, _, stderr) = await CheckAsync("not-the-password", [Lab.Endpoint, .. SentinelArgs]);

        Assert.Equal(1, exitCode);
        Assert.Contains("error: connect: endpoint", stderr);
        Assert.Contains("authentication failed: the password from $REDIS_HA_CHECK_TEST_PW_", stderr);
        Assert.Contains("WRONGPASS", stderr);
        Assert.DoesNotContain("not-the-password", stderr);
    }

    [Fact]
    public async Task Check_without_a_password_says_which_variable_is_not_set()
    {
        var (exitCode, _, stderr) = await CheckAsync(null, Lab.Endpoint);

        Assert.Equal(1, exitCode);
        Assert.Contains("authentication failed: a password is required, but $REDIS_HA_CHECK_TEST_PW_", stderr);
    }
}
