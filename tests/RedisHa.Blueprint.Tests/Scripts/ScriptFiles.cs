using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>The scripts as files in Blueprint/Scripts, where shellcheck and the shells read them.</summary>
public static class ScriptFiles
{
    public static IReadOnlyList<string> Names { get; } =
        Directory.GetFiles(RepoRoot.ScriptsDir, "*.sh").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Cases => new(Names);

    public static string PathOf(string name) => Path.Combine(RepoRoot.ScriptsDir, name);
}
