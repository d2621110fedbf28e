using RedisHa.Blueprint;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Lab;

/// <summary>
/// One redis+sentinel node of the lab: the folders a pod's volumes would be, and the environment
/// its containers would get, with the node's loopback address for bind, source and announce.
/// </summary>
public sealed class LabNode(RedisHaBlueprint blueprint, LabAddresses addresses, string labDirectory, int ordinal, string? password)
{
    public int Ordinal { get; } = ordinal;
    public string Address => addresses.Nodes[Ordinal];
    public string Key => $"node-{Ordinal}";
    public string Directory => Path.Combine(labDirectory, Key);
    public string ConfigDir => Path.Combine(Directory, "config");
    public string DataDir => Path.Combine(Directory, "data");
    public string RunDir => Path.Combine(Directory, "run");
    public string ScriptsDir => Path.Combine(labDirectory, "scripts");
    /// <summary>The lab's certificates, shared by every node and proxy as the one Secret is in a cluster.</summary>
    public string TlsDir => Path.Combine(labDirectory, LabCluster.TlsFolder);
    public string Log(string process) => Path.Combine(Directory, process + ".log");

    public IReadOnlyList<KeyValuePair<string, string>> Environment
    {
        get
        {
            var env = ScriptEnvironment.ForNode(blueprint.Spec, addresses.Nodes, Address, Address,
                ConfigDir, ScriptsDir, DataDir, RunDir, TlsDir).ToList();
            env.Add(new(ScriptEnvironment.PodName, blueprint.Spec.Names.Pod(Ordinal)));
            if (password is not null) env.Add(new(ScriptEnvironment.Password, password));
            return env;
        }
    }

    /// <summary>Lays out the folders and the ConfigMap's files, as the pod's volumes would hold them.</summary>
    public void Prepare()
    {
        System.IO.Directory.CreateDirectory(ConfigDir);
        System.IO.Directory.CreateDirectory(DataDir);
        System.IO.Directory.CreateDirectory(RunDir);
        foreach (var (name, content) in blueprint.Files.ServerFiles)
            File.WriteAllText(Path.Combine(ConfigDir, name), content);
    }

    public void WipeData()
    {
        if (System.IO.Directory.Exists(DataDir)) System.IO.Directory.Delete(DataDir, recursive: true);
        System.IO.Directory.CreateDirectory(DataDir);
    }

    public string Script(string name) => Path.Combine(ScriptsDir, name);
}
