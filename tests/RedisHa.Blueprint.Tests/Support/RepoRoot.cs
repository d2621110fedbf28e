namespace RedisHa.Blueprint.Tests.Support;

/// <summary>The repository checkout the tests run from, found by walking up from the test binaries.</summary>
public static class RepoRoot
{
    private const string Marker = "tests/RedisHa.Tests.slnx";

    public static string Path { get; } = Find();

    public static string ScriptsDir => System.IO.Path.Combine(Path, "Blueprint", "Scripts");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker))) return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} contains {Marker}");
    }
}
