using System.Text.Json;
using RedisHa.Blueprint.Options;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab;

/// <summary>
/// What a running lab consists of, saved as JSON in its folder so that a later `redis-ha lab`
/// command (another process) finds the same processes, addresses and password.
/// </summary>
public sealed record LabState
{
    public const string FileName = "lab.json";

    public required RedisHaOptions Options { get; init; }
    public required string Block { get; init; }
    public required IReadOnlyList<int> NodeHostNumbers { get; init; }
    public required int Proxies { get; init; }
    public string? Password { get; init; }
    /// <summary>Process key (e.g. "node-0/redis", "proxy-1") → the process started for it.</summary>
    public Dictionary<string, LabProcess> Processes { get; init; } = [];
    /// <summary>Nodes currently cut off by a partition.</summary>
    public List<int> Partitioned { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static LabState? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), Json) : null;
    }
}
