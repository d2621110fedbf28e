using System.Security.Cryptography;
using System.Text;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// A pod reads its config files and scripts when it starts, and editing a ConfigMap restarts
/// nothing. The checksum in the pod template changes with any file, so a config change becomes a
/// template change and the controller rolls the pods.
/// </summary>
internal static class ConfigChecksum
{
    public const string Annotation = "redis-ha/config-checksum";

    public static string Of(params IEnumerable<KeyValuePair<string, string>>[] fileSets)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var files in fileSets)
        {
            foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                // Length-prefixed, so moving text from one file to the next changes the sum too.
                hash.AppendData(Encoding.UTF8.GetBytes($"{name.Length}:{name}{content.Length}:"));
                hash.AppendData(Encoding.UTF8.GetBytes(content));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
