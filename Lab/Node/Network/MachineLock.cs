namespace RedisHa.Lab.Node.Network;

/// <summary>
/// A lock every process on the machine sees: an exclusive flock on a file (what .NET takes for
/// FileShare.None on Linux), released when the file is closed, even when the process dies.
/// </summary>
public sealed class MachineLock : IDisposable
{
    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    public static MachineLock Acquire(string path, TimeSpan timeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new MachineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another process or thread: flock cannot wait here, so poll.
                Thread.Sleep(20);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
