using System.Text.Json;
using RedisHa.Blueprint.Options;

namespace RedisHa.Lab.Cluster;

/// <summary>
/// What a pod lab is, saved in its folder as it changes, so that another process (a later
/// `redis-ha lab` command, or `lab down` after the lab's own process died) finds its addresses,
/// its password and everything it must remove.
/// </summary>
public sealed record LabRecord
{
    public const string FileName = "lab.json";

    public required string Name { get; init; }
    public required RedisHaOptions Options { get; set; }
    /// <summary>The index of the lab's address ranges (<see cref="Node.Network.LabNetworkPlan"/>).</summary>
    public required int NetworkIndex { get; init; }
    public string? Password { get; set; }
    /// <summary>"namespace/service" → its ClusterIP, kept for the life of the lab as an API server keeps them.</summary>
    public Dictionary<string, string> ClusterIps { get; init; } = [];
    /// <summary>"namespace/service" → the loopback address where the host reaches that Service.</summary>
    public Dictionary<string, string> HostAddresses { get; init; } = [];
    /// <summary>Namespaces made for client pods (lab client --namespace).</summary>
    public List<string> ExtraNamespaces { get; init; } = [];
    /// <summary>The process that runs the lab (its kubelet, controllers and forwards): pid and start time, so a reused pid is never signalled.</summary>
    public required Processes.LabProcess Host { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        lock (Json)
        {
            File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    public static LabRecord? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<LabRecord>(File.ReadAllText(path), Json) : null;
    }
}
