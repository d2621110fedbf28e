using System.Reflection;

namespace RedisHa.Blueprint.Scripts;

/// <summary>The POSIX shell scripts in this folder, embedded in the assembly at build time.</summary>
public static class ScriptLibrary
{
    private const string Prefix = "RedisHa.Scripts.";

    public static IReadOnlyDictionary<string, string> All { get; } = Load();

    public static string Get(string fileName) =>
        All.TryGetValue(fileName, out var text) ? text : throw new KeyNotFoundException($"No script named {fileName}");

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(ScriptLibrary).Assembly;
        var scripts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts[resource[Prefix.Length..]] = reader.ReadToEnd();
        }
        return new Dictionary<string, string>(scripts, StringComparer.Ordinal);
    }
}
