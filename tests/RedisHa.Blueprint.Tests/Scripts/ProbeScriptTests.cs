using System.Globalization;
using System.Net;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// The probes as a pod runs them: Redis and Sentinel bind "* -::*" (REDIS_HA_BIND), so the probes
/// must reach them on loopback. A real redis-server and redis-sentinel listen on 127.0.0.1 (on
/// ports of their own, since other work shares this machine).
/// </summary>
public sealed class ProbeScriptTests : IDisposable
{
    private const string Password = "probe secret";
    private readonly TempDirectory _dir = new();
    private readonly List<BackgroundProcess> _processes = [];
    private readonly int _redisPort = LoopbackAddress.FreePort(IPAddress.Loopback);
    private readonly int _sentinelPort = LoopbackAddress.FreePort(IPAddress.Loopback);

    public ProbeScriptTests()
    {
        var redisConf = _dir.Write("redis.conf",
            $"port {_redisPort}\nbind 127.0.0.1\nrequirepass \"{Password}\"\nsave \"\"\nappendonly no\ndir {_dir.Path}\n");
        var redis = Start("redis-server", redisConf);
        RespConnection.OpenWhenListening(IPAddress.Loopback, _redisPort, redis).Dispose();
        var sentinelConf = _dir.Write("sentinel.conf",
            $"port {_sentinelPort}\nbind 127.0.0.1\ndir {_dir.Path}\nsentinel monitor mymaster 127.0.0.1 {_redisPort} 1\n" +
            $"sentinel auth-pass mymaster \"{Password}\"\nrequirepass \"{Password}\"\n");
        var sentinel = Start("redis-sentinel", sentinelConf);
        RespConnection.OpenWhenListening(IPAddress.Loopback, _sentinelPort, sentinel).Dispose();
    }

    private BackgroundProcess Start(string tool, string conf)
    {
        var process = BackgroundProcess.Start(tool, [conf], _dir.Path);
        _processes.Add(process);
        return process;
    }

    private Dictionary<string, string?> PodEnvironment() => ScriptShell.Environment(new Dictionary<string, string?>
    {
        [Env.BindAddress] = "* -::*",
        [Env.RedisPort] = _redisPort.ToString(CultureInfo.InvariantCulture),
        [Env.SentinelPort] = _sentinelPort.ToString(CultureInfo.InvariantCulture),
        [Env.Password] = Password,
    });

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void With_the_pods_bind_setting_the_probes_reach_redis_and_sentinel_on_loopback(string shell)
    {
        var env = PodEnvironment();

        var local = ScriptShell.Snippet(shell, "local_host", env);
        var readiness = ScriptShell.Script(shell, "readiness.sh", env);
        var liveness = ScriptShell.Script(shell, "liveness.sh", env);
        var sentinelLiveness = ScriptShell.Script(shell, "liveness.sh", env, null, _sentinelPort.ToString(CultureInfo.InvariantCulture));

        Assert.Equal("127.0.0.1", local.Stdout.Trim());
        Assert.True(readiness.ExitCode == 0, readiness.ToString());
        Assert.True(liveness.ExitCode == 0, liveness.ToString());
        Assert.True(sentinelLiveness.ExitCode == 0, sentinelLiveness.ToString());
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Liveness_fails_when_nothing_answers(string shell)
    {
        var env = PodEnvironment();
        var unused = LoopbackAddress.FreePort(IPAddress.Loopback).ToString(CultureInfo.InvariantCulture);

        var liveness = ScriptShell.Script(shell, "liveness.sh", env, null, unused);

        Assert.Equal(1, liveness.ExitCode);
        Assert.Contains($"no answer on port {unused}", liveness.Stdout);
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void Only_a_single_address_counts_as_an_ip(string shell)
    {
        string[] ips = ["10.0.0.1", "255.255.255.255", "::1", "fe80::1", "2001:db8::10", "::ffff:10.0.0.1"];
        string[] others = ["* -::*", "*", "-::*", "", "10.0.0.1 10.0.0.2", "10.0.0", "10.0.0.256", "1.2.3.4.5", "a.b.c.d", ":", "::g",
            "redis-ha-announce-0.redis.svc.cluster.local.", "10.0.0.1:6379x"];
        var snippet = string.Join('\n', ips.Concat(others).Select(a => $"if is_ip '{a}'; then echo 'yes {a}'; else echo 'no {a}'; fi"));

        var result = ScriptShell.Snippet(shell, snippet, ScriptShell.Environment());

        Assert.Equal([.. ips.Select(a => $"yes {a}"), .. others.Select(a => $"no {a}")], result.Stdout.Split('\n')[..^1]);
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        _dir.Dispose();
    }
}
