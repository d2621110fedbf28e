namespace RedisHa.Blueprint.Tests.Support;

/// <summary>A fresh directory, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    // Unix socket paths are limited to about 100 bytes, so keep the path short.
    public string Path { get; } = Directory.CreateTempSubdirectory("rhb-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a process still writing; the OS temp cleaner will get it */ }
    }
}
