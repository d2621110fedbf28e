using RedisHa.Blueprint;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Lab;

/// <summary>
/// One HAProxy of the lab. Every proxy binds the shared endpoint address (SO_REUSEPORT spreads
/// connections over them, as a Service spreads over HAProxy pods), the read endpoint's port
/// included, connects out from its own address and serves its stats on its own address.
/// </summary>
public sealed class LabProxy(RedisHaBlueprint blueprint, LabAddresses addresses, string labDirectory, int index, string? password)
{
    public int Index { get; } = index;
    public string Key => $"proxy-{Index}";
    public string Address => addresses.Proxy(Index);
    public string Directory => Path.Combine(labDirectory, Key);
    public string ConfigDir => Path.Combine(Directory, "config");
    public string RunDir => Path.Combine(Directory, "run");
    public string AdminSocket => Path.Combine(RunDir, "admin.sock");
    public string LogFile => Path.Combine(Directory, "haproxy.log");
    public string StatsUrl => $"http://{Address}:{RedisHaSpec.HaproxyStatsPort}";

    public IReadOnlyList<KeyValuePair<string, string>> Environment
    {
        get
        {
            var env = ScriptEnvironment.ForHaproxy(blueprint.Spec, addresses.Nodes, addresses.Endpoint, Address, Address,
                Path.Combine(labDirectory, "scripts"), ConfigDir, RunDir, Path.Combine(labDirectory, LabCluster.TlsFolder)).ToList();
            if (password is not null) env.Add(new(ScriptEnvironment.Password, password));
            return env;
        }
    }

    public string StartScript => Path.Combine(labDirectory, "scripts", "haproxy.sh");

    public void Prepare()
    {
        System.IO.Directory.CreateDirectory(ConfigDir);
        System.IO.Directory.CreateDirectory(RunDir);
        foreach (var (name, content) in blueprint.Files.HaproxyFiles)
            File.WriteAllText(Path.Combine(ConfigDir, name), content);
    }
}
