using Moq;
using RedisHa.Check;

namespace RedisHa.Cli.Tests;

/// <summary>`redis-ha check` against a deployment of mocks, where a failing network is easy to stage.</summary>
public class CheckDeploymentTests
{
    private readonly CheckFakeDeployment _fake = new();

    [Fact]
    public async Task A_healthy_deployment_passes_with_every_line_ok()
    {
        var (exitCode, stdout, stderr) = await _fake.CheckAsync("--expect-replicas", "2");

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.DoesNotContain("FAIL", stdout);
        Assert.DoesNotContain("WARN", stdout);
        Assert.Contains("the endpoint reaches a master", stdout);
        Assert.Contains("SET and GET of redis-ha:check:", stdout);
        Assert.Contains("10.0.0.2:6379 online, lag 0 s, 0 bytes behind", stdout);
        Assert.Contains("10.0.0.3:6379 online, lag 1 s, 10 bytes behind", stdout);
        Assert.Contains("2 online, 2 expected", stdout);
        Assert.Contains("all 3 sentinels name 10.0.0.1:6379", stdout);
        Assert.Contains("10.0.0.1:6379 answers role:master and is the node behind the endpoint", stdout);
        Assert.EndsWith("check passed\n", stdout.Replace("\r\n", "\n"));
        _fake.EndpointNode.Verify(n => n.DeleteAsync(It.Is<string>(k => k.StartsWith(EndpointCheck.KeyPrefix))), Times.Once);
    }

    [Fact]
    public async Task A_replica_lagging_past_the_default_minReplicasMaxLag_is_a_warning()
    {
        var replication = CheckFakeDeployment.MasterReplication();
        replication["slave1"] = "ip=10.0.0.3,port=6379,state=online,offset=990,lag=3";
        _fake.EndpointNode = _fake.HealthyMaster(replication: replication);

        var (exitCode, stdout, _) = await _fake.CheckAsync("--expect-replicas", "2");

        Assert.Equal(0, exitCode);
        Assert.Contains("WARN  replica   10.0.0.3:6379 online, lag 3 s, 10 bytes behind: lagging more than 2 s", stdout);
        Assert.Contains("OK    replica   10.0.0.2:6379 online, lag 0 s", stdout);
    }

    [Fact]
    public async Task Sentinels_that_disagree_fail_the_check_naming_each_answer()
    {
        _fake.SentinelNodes[CheckFakeDeployment.Sentinels[2]] = CheckFakeDeployment.Sentinel(new RedisAddress("10.0.0.2", 6379));

        var (exitCode, stdout, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        var error = Assert.Single(ErrorLines(stderr));
        Assert.Contains("the sentinels disagree about the master", error);
        Assert.Contains("127.0.0.1:26379, 127.0.0.1:26380 name 10.0.0.1:6379", error);
        Assert.Contains("127.0.0.1:26381 names 10.0.0.2:6379", error);
        Assert.Contains("check FAILED: 1 problem", stdout);
    }

    [Fact]
    public async Task An_endpoint_that_reaches_a_replica_fails_without_trying_a_write()
    {
        _fake.EndpointNode.Setup(n => n.InfoAsync("replication")).ReturnsAsync(new Dictionary<string, string>
        {
            ["role"] = "slave", ["master_host"] = "10.0.0.1", ["master_port"] = "6379", ["master_link_status"] = "up",
        });

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("error: role: the endpoint reaches a node with role:slave, not the master (it follows 10.0.0.1:6379, link up)", stderr);
        _fake.EndpointNode.Verify(n => n.SetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>()), Times.Never);
    }

    [Fact]
    public async Task A_write_that_times_out_fails_the_check()
    {
        _fake.EndpointNode.Setup(n => n.SetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .ThrowsAsync(new TimeoutException("Timeout awaiting response"));

        var (exitCode, stdout, stderr) = await _fake.CheckAsync("--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.Contains("error: write: SET through the endpoint failed: timed out: no answer within the 2 s timeout", stderr);
        Assert.Contains("FAIL  write", stdout);
    }

    [Fact]
    public async Task A_write_that_never_returns_is_cut_off_and_fails_the_check()
    {
        _fake.EndpointNode.Setup(n => n.SetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .Returns(new TaskCompletionSource().Task);

        var (exitCode, _, stderr) = await _fake.CheckAsync("--timeout", "0.1");

        Assert.Equal(1, exitCode);
        Assert.Contains("SET through the endpoint failed: timed out", stderr);
    }

    [Fact]
    public async Task A_write_the_master_refuses_fails_with_the_servers_words()
    {
        _fake.EndpointNode.Setup(n => n.SetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .ThrowsAsync(new RedisCallException(RedisCallFailure.ErrorReply, "NOREPLICAS Not enough good replicas to write."));

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("SET through the endpoint failed: NOREPLICAS Not enough good replicas to write.", stderr);
    }

    [Fact]
    public async Task A_named_master_out_of_reach_is_a_warning_as_through_port_forward()
    {
        _fake.Connector.Setup(c => c.ConnectAsync(CheckFakeDeployment.Master, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RedisCallException(RedisCallFailure.Unreachable, "cannot connect: no answer to a TCP connect within 5 s"));

        var (exitCode, stdout, stderr) = await _fake.CheckAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains("WARN  master    10.0.0.1:6379 cannot be reached from here", stdout);
        Assert.Contains("kubectl port-forward", stdout);
        Assert.Contains("check passed with 1 warning", stdout);
    }

    [Fact]
    public async Task A_named_master_that_answers_as_replica_fails()
    {
        _fake.MasterNode = _fake.HealthyMaster(replication: new Dictionary<string, string> { ["role"] = "slave", ["master_host"] = "10.0.0.2" });

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("the sentinels name 10.0.0.1:6379, but it answers role:slave", stderr);
    }

    [Fact]
    public async Task A_named_master_that_is_not_the_node_behind_the_endpoint_fails()
    {
        _fake.MasterNode = _fake.HealthyMaster(runId: "bbbbbbbb22222222bbbbbbbb22222222bbbbbbbb");

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("the sentinels name 10.0.0.1:6379 (run_id bbbbbbbb), but the endpoint reaches another node (run_id aaaaaaaa)", stderr);
    }

    [Fact]
    public async Task Sentinels_naming_a_replica_of_the_endpoints_master_fail()
    {
        var replica = new RedisAddress("10.0.0.2", 6379);
        foreach (var address in CheckFakeDeployment.Sentinels) _fake.SentinelNodes[address] = CheckFakeDeployment.Sentinel(replica);

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("the endpoint's master lists 10.0.0.2:6379 as its replica", stderr);
    }

    [Fact]
    public async Task A_sentinel_that_sees_the_master_down_fails()
    {
        _fake.SentinelNodes[CheckFakeDeployment.Sentinels[1]] = CheckFakeDeployment.Sentinel(CheckFakeDeployment.Master, "master,s_down");

        var (exitCode, _, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("127.0.0.1:26380 names 10.0.0.1:6379 (flags master,s_down", stderr);
        Assert.Contains("it sees that master as down", stderr);
    }

    [Fact]
    public async Task A_sentinel_that_does_not_know_the_master_name_fails()
    {
        var (exitCode, _, stderr) = await _fake.CheckAsync("--master-name", "other");

        Assert.Equal(1, exitCode);
        Assert.Equal(3, ErrorLines(stderr).Count(l => l.Contains("knows no master named 'other'")));
    }

    [Fact]
    public async Task Fewer_replicas_than_expected_fail_and_none_without_expectation_only_warns()
    {
        _fake.EndpointNode = _fake.HealthyMaster(replication: CheckFakeDeployment.MasterReplication(onlineReplicas: 1));
        var (exitCode, _, stderr) = await _fake.CheckAsync("--expect-replicas", "2");
        Assert.Equal(1, exitCode);
        Assert.Contains("error: replicas: only 1 replica online, 2 expected", stderr);

        _fake.EndpointNode = _fake.HealthyMaster(replication: CheckFakeDeployment.MasterReplication(onlineReplicas: 0));
        _fake.Connector.Setup(c => c.ConnectAsync(CheckFakeDeployment.Master, It.IsAny<CancellationToken>())).ReturnsAsync(() => _fake.EndpointNode.Object);
        var (exitCodeWithoutExpectation, stdout, _) = await _fake.CheckAsync();
        Assert.Equal(0, exitCodeWithoutExpectation);
        Assert.Contains("WARN  replicas  no replica online", stdout);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_and_the_sentinels_are_still_asked()
    {
        _fake.Connector.Setup(c => c.ConnectAsync(CheckFakeDeployment.Endpoint, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RedisCallException(RedisCallFailure.Unreachable, "cannot connect: connection refused: nothing listens there"));

        var (exitCode, stdout, stderr) = await _fake.CheckAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal("error: connect: endpoint 127.0.0.1:6379: cannot connect: connection refused: nothing listens there", Assert.Single(ErrorLines(stderr)));
        Assert.Contains("all 3 sentinels name 10.0.0.1:6379", stdout);
        Assert.Contains("10.0.0.1:6379 answers role:master (run_id aaaaaaaa)", stdout);
    }

    [Fact]
    public async Task An_authentication_failure_names_the_variable_and_whether_it_was_set()
    {
        var variable = $"REDIS_HA_CHECK_TEST_PW_{Guid.NewGuid():N}";
        _fake.Connector.Setup(c => c.ConnectAsync(CheckFakeDeployment.Endpoint, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RedisCallException(RedisCallFailure.Authentication, "NOAUTH Returned - connection has not yet authenticated"));

        var (_, _, unset) = await _fake.CheckAsync("--password-env", variable);
        Environment.SetEnvironmentVariable(variable, "Zq8-distinctive-PW-4711");
        try
        {
            var (exitCode, stdout, stderr) = await _fake.CheckAsync("--password-env", variable);

            Assert.Equal(1, exitCode);
            Assert.Contains($"authentication failed: a password is required, but ${variable} is not set", unset);
            Assert.Contains($"authentication failed: the password from ${variable} was rejected", stderr);
            Assert.Equal("Zq8-distinctive-PW-4711", _fake.PasswordSeen);
            Assert.DoesNotContain("Zq8-distinctive-PW-4711", stdout + stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static List<string> ErrorLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
