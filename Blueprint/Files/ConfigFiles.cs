using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// The configuration files of a deployment. None holds a password or a node's address: the
/// scripts add those at start from the environment, so the same files serve every pod and the lab.
/// </summary>
public sealed class ConfigFiles(RedisHaSpec spec)
{
    public const string RedisConfName = "redis.conf";
    public const string SentinelConfName = "sentinel.conf";
    public const string HaproxyCfgName = "haproxy.cfg";
    public const string HaproxyStateName = "initial-server-state";

    public string RedisConf { get; } = Files.RedisConf.Render(spec);
    public string SentinelConf { get; } = Files.SentinelConf.Render(spec);
    public string HaproxyCfg { get; } = HaproxyConfig.Render(spec);
    public string HaproxyInitialState { get; } = HaproxyServerState.Render(spec);

    /// <summary>What the redis+sentinel ConfigMap holds.</summary>
    public IReadOnlyDictionary<string, string> ServerFiles => new Dictionary<string, string>
    {
        [RedisConfName] = RedisConf,
        [SentinelConfName] = SentinelConf,
    };

    /// <summary>What the HAProxy ConfigMap holds.</summary>
    public IReadOnlyDictionary<string, string> HaproxyFiles => new Dictionary<string, string>
    {
        [HaproxyCfgName] = HaproxyCfg,
        [HaproxyStateName] = HaproxyInitialState,
        [HaproxyConfig.ApprovalsScriptName] = ApprovalsScript,
    };

    /// <summary>
    /// The Lua tasks haproxy.cfg loads: they ask each sentinel which node it names, keep the approval
    /// servers to match, and cut the sessions of a node no quorum of sentinels names any more.
    /// </summary>
    public static string ApprovalsScript { get; } = EmbeddedFile(HaproxyConfig.ApprovalsScriptName);

    private static string EmbeddedFile(string name)
    {
        using var stream = typeof(ConfigFiles).Assembly.GetManifestResourceStream($"RedisHa.Files.{name}")
            ?? throw new InvalidOperationException($"{name} is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
