namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Root file systems built from this machine's files, one per image stand-in, kept under one folder
/// and built on first use (thread-safe): busybox as /bin/sh and its applets, getent, the stand-in's
/// executables and the libraries they load, /etc/passwd and /etc/group with the images' users.
/// </summary>
public sealed class RootFilesystems(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The folder of the root file system for <paramref name="image"/>, built if missing.</summary>
    public string For(ImageStandIn image) => throw new NotImplementedException();
}
