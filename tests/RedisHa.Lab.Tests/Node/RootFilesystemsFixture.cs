using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

/// <summary>The root file systems are the slow part (a second each): built once for every runc test, removed at the end.</summary>
public sealed class RootFilesystemsFixture : IDisposable
{
    public RootFilesystems RootFilesystems { get; } = new(Path.Combine(Path.GetTempPath(), $"rha-t-rootfs-{Guid.NewGuid():N}"[..20]));

    public void Dispose()
    {
        if (Directory.Exists(RootFilesystems.Directory)) Directory.Delete(RootFilesystems.Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RuncCollection : ICollectionFixture<RootFilesystemsFixture>
{
    public const string Name = "runc containers";
}
