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

    private static ToolResult Run(string shell, string[] args, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout)
    {
        var line = CommandLine(shell, args);
        return ExternalTool.Run(line[0], line.Skip(1), environment: environment, timeout: timeout);
    }
}
