using System.Net;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// Runs a script, or a snippet that sources common.sh, under one of the two shells the scripts
/// meet: dash, and busybox ash as in the alpine images.
/// </summary>
public static class ScriptShell
{
    public static TheoryData<string> Shells => new("dash", "busybox");

    public static ToolResult Script(string shell, string script, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null, params string[] args) =>
        Run(shell, [ScriptFiles.PathOf(script), .. args], environment, timeout);

    public static ToolResult Snippet(string shell, string snippet, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null) =>
        Run(shell, ["-c", $". \"$REDIS_HA_SCRIPTS_DIR/common.sh\"\n{snippet}\n"], environment, timeout);

    /// <summary>The command line that runs <paramref name="args"/> under <paramref name="shell"/>, for wrapping in another tool.</summary>
    public static IReadOnlyList<string> CommandLine(string shell, params string[] args) =>
        shell == "busybox" ? [ExternalTool.Find("busybox"), "sh", .. args] : [ExternalTool.Find("dash"), .. args];

    /// <summary>The variables every script needs, plus <paramref name="extra"/>; a null value removes one.</summary>
    public static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            [Env.ScriptsDir] = RepoRoot.ScriptsDir,
            [Env.Tls] = null,
            [Env.Password] = null,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) environment[key] = value;
        return environment;
    }

    /// <summary>
    /// Writes the ConfigMap's server files (redis.conf, sentinel.conf templates) into
    /// <paramref name="nodeDir"/>/config, where a node's scripts read them, and returns that directory.
    /// </summary>
    public static string WriteServerFiles(RedisHaSpec spec, string nodeDir)
    {
        var configDir = Directory.CreateDirectory(Path.Combine(nodeDir, "config")).FullName;
        foreach (var (name, content) in new ConfigFiles(spec).ServerFiles) File.WriteAllText(Path.Combine(configDir, name), content);
        return configDir;
    }

    /// <summary>
    /// What node <paramref name="ordinal"/>'s containers see, as its pod would, with its directories
    /// under <paramref name="nodeDir"/>: it listens and connects from its own address in
    /// <paramref name="nodes"/>, and its config directory holds the server files.
    /// </summary>
    public static Dictionary<string, string?> NodeEnvironment(RedisHaSpec spec, IReadOnlyList<IPAddress> nodes, string nodeDir,
        int ordinal = 0, string tlsDir = NodePaths.TlsDir)
    {
        var configDir = WriteServerFiles(spec, nodeDir);
        var own = nodes[ordinal].ToString();
        var environment = Environment(Env.ForNode(spec, nodes.Select(n => n.ToString()).ToList(), own, own, configDir, RepoRoot.ScriptsDir,
                Path.Combine(nodeDir, "data"), Path.Combine(nodeDir, "run"), tlsDir)
            .ToDictionary(v => v.Key, v => (string?)v.Value));
        environment[Env.PodName] = spec.Names.Pod(ordinal);
        return environment;
    }

    private static ToolResult Run(string shell, string[] args, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout)
    {
        var line = CommandLine(shell, args);
        return ExternalTool.Run(line[0], line.Skip(1), environment: environment, timeout: timeout);
    }
}
