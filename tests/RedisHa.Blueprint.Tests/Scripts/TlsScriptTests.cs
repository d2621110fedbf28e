using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// The scripts with TLS: every redis-cli call speaks TLS from one place (common.sh), and init.sh
/// writes configs that a real redis-server and redis-sentinel 7 accept, which the scripts' own
/// probes then reach over TLS only.
/// </summary>
public class TlsScriptTests
{
    private const string Password = "p'a\"s s$&/\\#%é€";

    private static RedisHaSpec Spec(bool tls) => OptionsValidator.Validate(new RedisHaOptions
    {
        Tls = tls ? new TlsOptions { Enabled = true, SecretName = "redis-tls" } : new TlsOptions(),
    });

    [Fact]
    public void No_script_calls_redis_cli_except_through_cli_at()
    {
        var calls = ScriptFiles.Names
            .SelectMany(name => File.ReadAllLines(ScriptFiles.PathOf(name)).Select(line => (name, line: line.Trim())))
            .Where(x => !x.line.StartsWith('#') && x.line.Contains("redis-cli ", StringComparison.Ordinal))
            .ToList();

        var call = Assert.Single(calls);
        Assert.Equal("common.sh", call.name);
        Assert.Equal("exec redis-cli --no-auth-warning -h \"$exec_host\" -p \"$exec_port\" \"$@\" <<EOF", call.line);
        // exec_redis_cli runs only as bounded's command: bounded by common.sh's own timer, not busybox
        // timeout, whose watchdog would be left to PID 1.
        var uses = File.ReadAllLines(ScriptFiles.PathOf("common.sh")).Select(l => l.Trim())
            .Where(l => !l.StartsWith('#') && l.Contains("exec_redis_cli ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, use => Assert.Contains("bounded \"$", use));
    }

    /// <summary>A redis-cli on PATH that prints its arguments, one per line, and answers nothing.</summary>
    private static ToolResult RunWithFakeRedisCli(string shell, IReadOnlyDictionary<string, string?> env, string snippet)
    {
        using var bin = new TempDirectory();
        var fake = bin.Write("redis-cli", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Assert.Equal(0, ExternalTool.Run("chmod", ["+x", fake]).ExitCode);
        var environment = new Dictionary<string, string?>(env)
        {
            ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            [Env.ScriptsDir] = RepoRoot.ScriptsDir,
        };
        var script = $". \"$REDIS_HA_SCRIPTS_DIR/common.sh\"\n{snippet}\n";
        return shell == "busybox"
            ? ExternalTool.Run("busybox", ["sh", "-c", script], environment: environment)
            : ExternalTool.Run("sh", ["-c", script], environment: environment);
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("busybox")]
    public void With_tls_every_call_checks_the_server_against_the_ca_and_offers_the_nodes_certificate(string shell)
    {
        var env = new Dictionary<string, string?> { [Env.Tls] = "1", [Env.TlsDir] = "/etc/redis ha tls" };

        var redis = RunWithFakeRedisCli(shell, env, "redis_at 10.0.0.1 PING");
        var sentinel = RunWithFakeRedisCli(shell, env, "sentinel_at 10.0.0.2 SENTINEL masters");

        Assert.Equal(
            ["--no-auth-warning", "-h", "10.0.0.1", "-p", "6379", "--tls", "--cacert", "/etc/redis ha tls/ca.crt",
             "--cert", "/etc/redis ha tls/tls.crt", "--key", "/etc/redis ha tls/tls.key", "PING"],
            redis.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["--no-auth-warning", "-h", "10.0.0.2", "-p", "26379", "--tls", "--cacert", "/etc/redis ha tls/ca.crt",
             "--cert", "/etc/redis ha tls/tls.crt", "--key", "/etc/redis ha tls/tls.key", "SENTINEL", "masters"],
            sentinel.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("busybox")]
    public void Without_tls_calls_are_plain(string shell)
    {
        var result = RunWithFakeRedisCli(shell, new Dictionary<string, string?> { [Env.Tls] = null, [Env.TlsDir] = "/unused" }, "redis_at 10.0.0.1 PING");

        Assert.Equal(["--no-auth-warning", "-h", "10.0.0.1", "-p", "6379", "PING"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_environment_carries_tls_only_when_enabled()
    {
        var nodes = new[] { "a", "b", "c" };

        Assert.DoesNotContain(ScriptEnvironment.ForNode(Spec(false), nodes, "*", ""), v => v.Key.StartsWith("REDIS_HA_TLS", StringComparison.Ordinal));
        Assert.DoesNotContain(ScriptEnvironment.ForHaproxy(Spec(false), nodes, "0.0.0.0", "0.0.0.0", "0.0.0.0"), v => v.Key.StartsWith("REDIS_HA_TLS", StringComparison.Ordinal));
        var node = ScriptEnvironment.ForNode(Spec(true), nodes, "*", "").ToDictionary();
        var proxy = ScriptEnvironment.ForHaproxy(Spec(true), nodes, "0.0.0.0", "0.0.0.0", "0.0.0.0", tlsDir: "/lab/tls").ToDictionary();
        Assert.Equal(("1", NodePaths.TlsDir), (node[Env.Tls], node[Env.TlsDir]));
        Assert.Equal(("1", "/lab/tls"), (proxy[Env.Tls], proxy[Env.TlsDir]));
    }

    [Fact]
    public void Init_writes_configs_that_real_redis_and_sentinel_run_with_tls_only()
    {
        var spec = Spec(tls: true);
        var nodes = LoopbackAddress.RandomBlock(1, 2, 3);
        using var certificates = new TestCertificates(nodes);
        using var node = new TempDirectory();
        var env = ScriptShell.NodeEnvironment(spec, nodes, node.Path, tlsDir: certificates.Directory);
        env[Env.Password] = Password;

        // No sentinel answers (nothing runs yet): the bootstrap rule makes node 0 the master.
        var init = ExternalTool.Run("sh", [Path.Combine(RepoRoot.ScriptsDir, "init.sh"), "all"], environment: env);
        Assert.True(init.ExitCode == 0, init.ToString());
        var redisConf = File.ReadAllText(Path.Combine(node.Path, "run", "redis.conf"));
        Assert.Contains("tls-cert-file \"\\x", redisConf);
        Assert.DoesNotContain("replicaof", redisConf);

        using var redis = BackgroundProcess.Start("redis-server", [Path.Combine(node.Path, "run", "redis.conf")]);
        using var sentinel = BackgroundProcess.Start("redis-sentinel", [Path.Combine(node.Path, "run", "sentinel.conf")], node.Path);
        string Script(string name, params string[] args) => ExternalTool.Run("sh", [Path.Combine(RepoRoot.ScriptsDir, name), .. args], environment: env).ToString();
        bool Passes(string name, params string[] args) => ExternalTool.Run("sh", [Path.Combine(RepoRoot.ScriptsDir, name), .. args], environment: env).ExitCode == 0;

        // The pods' own probes, which reach Redis and Sentinel through common.sh, over TLS.
        Poll.Until(() => Passes("liveness.sh"), TimeSpan.FromSeconds(15), () => Script("liveness.sh") + redis.Output);
        Poll.Until(() => Passes("liveness.sh", $"{RedisHaSpec.SentinelPort}"), TimeSpan.FromSeconds(15), () => Script("liveness.sh", "26379") + sentinel.Output);
        Assert.True(Passes("readiness.sh"), Script("readiness.sh"));
        var named = ExternalTool.Run("sh", ["-c", $". \"$REDIS_HA_SCRIPTS_DIR/common.sh\"; sentinel_master_of {nodes[0]}"], environment: env);
        Assert.Equal(nodes[0].ToString(), named.Stdout.Trim());

        // Nothing answers in plain text: the usual ports speak TLS only.
        foreach (var port in new[] { RedisHaSpec.RedisPort, RedisHaSpec.SentinelPort })
        {
            var plain = ExternalTool.Run("redis-cli", ["--no-auth-warning", "-h", nodes[0].ToString(), "-p", $"{port}", "PING"], environment: env);
            Assert.DoesNotContain("PONG", plain.Stdout);
        }
    }
}
