using System.Net;
using System.Text;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>
/// A rendered haproxy.cfg and initial server state in a temp folder, with the environment that
/// haproxy.sh would export for the given proxy and node addresses.
/// </summary>
public sealed class HaproxySetup : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <param name="previousPassword">The previous password of a rotation (the spec must have one too).</param>
    public HaproxySetup(RedisHaSpec spec, IPAddress proxy, IReadOnlyList<IPAddress> nodes, string? password, string? previousPassword = null)
    {
        // Every file of the HAProxy ConfigMap, side by side as the pod mounts them.
        var files = new ConfigFiles(spec);
        foreach (var (name, text) in files.HaproxyFiles) _dir.Write(name, text);
        ConfigPath = _dir.File(ConfigFiles.HaproxyCfgName);
        StateText = files.HaproxyInitialState;
        StatePath = _dir.File(ConfigFiles.HaproxyStateName);
        var env = new Dictionary<string, string?>
        {
            [Env.HaproxyConfigDir] = _dir.Path,
            [Env.HaproxyRunDir] = _dir.Path,
            [Env.HaproxyBind] = proxy.ToString(),
            [Env.HaproxySource] = proxy.ToString(),
            [Env.HaproxyStatsBind] = proxy.ToString(),
            [Env.Password] = password,
            [Env.PasswordBytes] = Encoding.UTF8.GetByteCount(password ?? "").ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Env.PreviousPassword] = previousPassword,
            [Env.PreviousPasswordBytes] = Encoding.UTF8.GetByteCount(previousPassword ?? "").ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < nodes.Count; i++) env[Env.NodeIp(i)] = nodes[i].ToString();
        Environment = env;
    }

    public string ConfigPath { get; }
    public string StatePath { get; }
    public string StateText { get; }
    public string AdminSocket => _dir.File("admin.sock");
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public ToolResult Check() => ExternalTool.Run("haproxy", ["-c", "-f", ConfigPath], _dir.Path, Environment);

    /// <summary>Starts haproxy in the foreground, as haproxy.sh does.</summary>
    public BackgroundProcess Start() => BackgroundProcess.Start("haproxy", ["-db", "-f", ConfigPath], _dir.Path, Environment);

    /// <summary>Waits until the admin socket answers, then returns <c>show servers state</c> as rows of fields.</summary>
    public IReadOnlyList<string[]> ServersStateWhenReady(BackgroundProcess haproxy)
    {
        string? answer = null;
        Poll.Until(() =>
        {
            if (haproxy.HasExited) throw new InvalidOperationException(haproxy.Output);
            try { answer = UnixSocketCommand.Send(AdminSocket, "show servers state"); return true; }
            catch (System.Net.Sockets.SocketException) { return false; }
        }, TimeSpan.FromSeconds(15), () => $"no admin socket at {AdminSocket}\n{haproxy.Output}");
        return ServerStateRows(answer!);
    }

    public string Command(string command) => UnixSocketCommand.Send(AdminSocket, command);

    /// <summary>The data rows of a server-state text (version line and header skipped).</summary>
    public static IReadOnlyList<string[]> ServerStateRows(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l != "1")
            .Select(l => l.Split(' ')).ToList();

    public void Dispose() => _dir.Dispose();
}
