using Moq;
using RedisHa.Check;
using RedisHa.Cli.Commands;

namespace RedisHa.Cli.Tests;

/// <summary>
/// A healthy deployment made of mocks: the endpoint reaches master 10.0.0.1 with replicas 10.0.0.2
/// and 10.0.0.3, and three sentinels name 10.0.0.1. Tests break one part and run the real command.
/// </summary>
internal sealed class CheckFakeDeployment
{
    public const string MasterRunId = "aaaaaaaa11111111aaaaaaaa11111111aaaaaaaa";
    public static readonly RedisAddress Endpoint = new("127.0.0.1", 6379);
    public static readonly RedisAddress Master = new("10.0.0.1", 6379);
    public static readonly RedisAddress[] Sentinels = [new("127.0.0.1", 26379), new("127.0.0.1", 26380), new("127.0.0.1", 26381)];

    private readonly Dictionary<string, string> _store = [];

    public CheckFakeDeployment()
    {
        EndpointNode = HealthyMaster();
        MasterNode = HealthyMaster();
        Connector.Setup(c => c.ConnectAsync(Endpoint, It.IsAny<CancellationToken>())).ReturnsAsync(() => EndpointNode.Object);
        Connector.Setup(c => c.ConnectAsync(Master, It.IsAny<CancellationToken>())).ReturnsAsync(() => MasterNode.Object);
        foreach (var address in Sentinels)
        {
            var sentinel = Sentinel(Master);
            SentinelNodes[address] = sentinel;
            Connector.Setup(c => c.ConnectSentinelAsync(address, It.IsAny<CancellationToken>())).ReturnsAsync(() => SentinelNodes[address].Object);
        }
    }

    public Mock<IRedisConnector> Connector { get; } = new(MockBehavior.Strict);
    public Mock<IRedisNode> EndpointNode { get; set; }
    public Mock<IRedisNode> MasterNode { get; set; }
    public Dictionary<RedisAddress, Mock<ISentinelNode>> SentinelNodes { get; } = [];

    /// <summary>The password the command handed to the connector factory.</summary>
    public string? PasswordSeen { get; private set; }

    public static Dictionary<string, string> MasterReplication(int onlineReplicas = 2) => new Dictionary<string, string>
    {
        ["role"] = "master",
        ["connected_slaves"] = onlineReplicas.ToString(),
        ["slave0"] = "ip=10.0.0.2,port=6379,state=online,offset=1000,lag=0",
        ["slave1"] = "ip=10.0.0.3,port=6379,state=online,offset=990,lag=1",
        ["master_repl_offset"] = "1000",
    }.Where(f => !f.Key.StartsWith("slave", StringComparison.Ordinal) || int.Parse(f.Key[5..]) < onlineReplicas)
     .ToDictionary(f => f.Key, f => f.Value);

    public Mock<IRedisNode> HealthyMaster(string runId = MasterRunId, IReadOnlyDictionary<string, string>? replication = null)
    {
        var node = new Mock<IRedisNode>();
        node.Setup(n => n.InfoAsync("server")).ReturnsAsync(new Dictionary<string, string> { ["run_id"] = runId, ["redis_version"] = "7.2.5" });
        node.Setup(n => n.InfoAsync("replication")).ReturnsAsync(replication ?? MasterReplication());
        node.Setup(n => n.SetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>()))
            .Callback((string key, string value, TimeSpan _) => _store[key] = value)
            .Returns(Task.CompletedTask);
        node.Setup(n => n.GetAsync(It.IsAny<string>())).ReturnsAsync((string key) => _store.GetValueOrDefault(key));
        node.Setup(n => n.DeleteAsync(It.IsAny<string>())).Callback((string key) => _store.Remove(key)).Returns(Task.CompletedTask);
        return node;
    }

    public static Mock<ISentinelNode> Sentinel(RedisAddress names, string flags = "master")
    {
        var sentinel = new Mock<ISentinelNode>();
        sentinel.Setup(s => s.MasterAddressAsync("mymaster")).ReturnsAsync(names);
        sentinel.Setup(s => s.MasterStateAsync("mymaster")).ReturnsAsync(new Dictionary<string, string>
        {
            ["name"] = "mymaster", ["ip"] = names.Host, ["port"] = names.Port.ToString(),
            ["flags"] = flags, ["num-slaves"] = "2", ["num-other-sentinels"] = "2", ["quorum"] = "2",
        });
        return sentinel;
    }

    /// <summary>Runs `check` against the endpoint and every sentinel, plus <paramref name="extra"/> arguments.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(params string[] extra)
    {
        // An unset variable unless the test names one, so a REDIS_PASSWORD in the environment cannot change the outcome.
        string[] password = extra.Contains("--password-env") ? [] : ["--password-env", $"REDIS_HA_CHECK_TEST_UNSET_{Guid.NewGuid():N}"];
        string[] args = [Endpoint.ToString(), .. Sentinels.SelectMany(s => new[] { "--sentinel", s.ToString() }), .. password, .. extra];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CheckCommand.RunAsync(args, stdout, stderr, (password, _) =>
        {
            PasswordSeen = password;
            return Connector.Object;
        });
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
