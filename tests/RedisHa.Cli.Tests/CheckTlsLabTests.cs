using RedisHa.Cli.Commands;
using RedisHa.Lab.Cluster;
using Xunit.Abstractions;

namespace RedisHa.Cli.Tests;

/// <summary>`redis-ha check` against a pod lab whose endpoint, nodes and sentinels speak only TLS.</summary>
[Collection(CheckLabCollection.Name)]
public class CheckTlsLabTests(CheckTlsLabFixture fixture, ITestOutputHelper output) : IClassFixture<CheckTlsLabFixture>
{
    private PodLab Lab => fixture.Lab;

    private string[] SentinelArgs => Lab.Sentinels.SelectMany(s => new[] { "--sentinel", s }).ToArray();

    private async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(params string[] args)
    {
        var variable = $"REDIS_HA_CHECK_TEST_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, Lab.Password);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exitCode = await CheckCommand.RunAsync([.. args, "--password-env", variable], stdout, stderr, route: Lab.HostRoute);
            output.WriteLine($"redis-ha check {string.Join(' ', args)}: exit {exitCode}\n{stdout}{stderr}");
            return (exitCode, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Check_with_tls_and_the_labs_ca_passes_for_endpoint_and_sentinels()
    {
        await PodLabs.WaitUntilHealthyAsync(Lab);
        var master = Lab.NodeAnnounceIp(await Lab.FindMasterAsync() ?? throw new InvalidOperationException("no master"));

        var (exitCode, stdout, stderr) = await CheckAsync([Lab.Endpoint, .. SentinelArgs, "--expect-replicas", "2", "--tls", "--cacert", Lab.CaFile!]);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains("all 3 sentinels name", stdout);
        // The named master was asked over TLS too, and it is the node behind the endpoint.
        Assert.Contains($"{master}:6379 answers role:master and is the node behind the endpoint", stdout);
        Assert.Equal("check passed", stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd());
    }

    [Fact]
    public async Task Check_without_tls_fails_and_suggests_the_flag()
    {
        var (exitCode, stdout, stderr) = await CheckAsync([Lab.Endpoint, "--timeout", "2"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("add --tls --cacert FILE", stderr);
        Assert.Contains("check FAILED", stdout);
    }

    [Fact]
    public async Task Check_with_another_ca_fails_naming_the_tls_handshake_not_the_password()
    {
        var other = Path.Combine(Path.GetTempPath(), $"redis-ha-other-ca-{Guid.NewGuid():N}");
        try
        {
            await RedisHa.Lab.Tls.ThrowawayCa.IssueAsync(other, ["127.0.0.1"]);
            var (exitCode, _, stderr) = await CheckAsync([Lab.Endpoint, "--tls", "--cacert", Path.Combine(other, RedisHa.Lab.Tls.ThrowawayCa.CaFile)]);

            Assert.Equal(1, exitCode);
            Assert.Contains("TLS handshake failed", stderr);
            Assert.DoesNotContain("authentication failed", stderr);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }
}
