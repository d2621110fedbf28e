using System.Globalization;

namespace RedisHa.Lab.Node.Containers;

/// <summary>This machine's own resource limits, which bound what a container may be given.</summary>
internal static class HostLimits
{
    private const ulong ContainerdDefaultOpenFiles = 1_048_576;
    private static readonly Lazy<ulong> OpenFiles = new(ReadOpenFilesHardLimit);

    public static ulong OpenFilesHardLimit() => OpenFiles.Value;

    private static ulong ReadOpenFilesHardLimit()
    {
        // "Max open files            20000                20000                files"
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(text => text.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: >= 5 } && ulong.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var hard))
            return Math.Min(hard, ContainerdDefaultOpenFiles);
        return 1024;
    }
}
