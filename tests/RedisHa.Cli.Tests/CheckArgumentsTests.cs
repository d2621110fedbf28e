using RedisHa.Check;
using RedisHa.Cli.Commands;

namespace RedisHa.Cli.Tests;

/// <summary>`redis-ha check` argument handling: every bad argument exits 2 before anything connects.</summary>
public class CheckArgumentsTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CheckCommand.RunAsync(args, stdout, stderr, (_, _) => throw new InvalidOperationException("must not connect"));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("ENDPOINT is required")]
    [InlineData("ENDPOINT 'h:0' has an invalid port '0'", "h:0")]
    [InlineData("ENDPOINT '--bogus' is not a host", "--bogus")]
    [InlineData("unexpected argument 'extra'", "h", "extra")]
    [InlineData("--sentinel needs a value", "h", "--sentinel")]
    [InlineData("--sentinel 's:70000' has an invalid port", "h", "--sentinel", "s:70000")]
    [InlineData("--sentinel s:26379 is given more than once", "h", "--sentinel", "s", "--sentinel", "s:26379")]
    [InlineData("--timeout 'soon' must be a number of seconds", "h", "--timeout", "soon")]
    [InlineData("--timeout is given more than once", "h", "--timeout", "1", "--timeout", "2")]
    [InlineData("--timeout needs a value", "h", "--timeout")]
    [InlineData("--expect-replicas '-1' must be a whole number", "h", "--expect-replicas", "-1")]
    [InlineData("--password-env 'MY-PW' is not an environment variable name", "h", "--password-env", "MY-PW")]
    [InlineData("--master-name '' must be a non-empty name", "h", "--master-name", "")]
    [InlineData("--cacert applies only with --tls", "h", "--cacert", "ca.crt")]
    [InlineData("--tls needs --cacert FILE", "h", "--tls")]
    [InlineData("--cacert '/nonexistent/ca.crt': no such file", "h", "--tls", "--cacert", "/nonexistent/ca.crt")]
    [InlineData("--cert and --key go together", "h", "--tls", "--cacert", "/nonexistent/ca.crt", "--cert", "client.crt")]
    public async Task A_bad_argument_exits_2_with_a_message_and_nothing_on_stdout(string message, params string[] args)
    {
        var (exitCode, stdout, stderr) = await CheckAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains($"error: {message}", stderr);
    }

    [Theory]
    [InlineData("redis.example", "redis.example", 6379)]
    [InlineData("127.0.0.1:6380", "127.0.0.1", 6380)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("::1", "::1", 6379)]
    public void Addresses_take_the_default_port_when_it_is_left_out(string text, string host, int port)
    {
        Assert.True(RedisAddress.TryParse(text, 6379, out var address, out _));
        Assert.Equal(new RedisAddress(host, port), address);
    }

    [Fact]
    public void Defaults_apply_when_only_the_endpoint_is_given()
    {
        var problems = new List<string>();

        var request = CheckArguments.Parse("10.0.0.5", [], null, null, null, null, problems);

        Assert.Empty(problems);
        Assert.NotNull(request);
        Assert.Equal(new RedisAddress("10.0.0.5", 6379), request.Endpoint);
        Assert.Equal("REDIS_PASSWORD", request.PasswordVariable);
        Assert.Equal("mymaster", request.MasterName);
        Assert.Equal(TimeSpan.FromSeconds(5), request.Timeout);
        Assert.Null(request.ExpectedReplicas);
        Assert.Empty(request.Sentinels);
    }

    [Fact]
    public void Replication_info_lists_only_the_numbered_replica_entries_in_order()
    {
        var info = ReplicationInfo.From(InfoText.Parse(
            "# Replication\r\nrole:master\r\nconnected_slaves:2\r\nslave1:ip=10.0.0.3,port=6379,state=wait_bgsave,offset=0,lag=0\r\n" +
            "slave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=1\r\nslave_read_only:1\r\nmaster_repl_offset:50\r\n"));

        Assert.True(info.IsMaster);
        Assert.Equal(50, info.MasterOffset);
        Assert.Equal(
            [new ReplicaInfo(new RedisAddress("10.0.0.2", 6379), "online", 42, 1), new ReplicaInfo(new RedisAddress("10.0.0.3", 6379), "wait_bgsave", 0, 0)],
            info.Replicas);
    }
}
