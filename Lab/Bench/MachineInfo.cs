namespace RedisHa.Lab.Bench;

/// <summary>The machine a benchmark ran on: figures mean little without it.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, string Os)
{
    public static MachineInfo Current() => new(Environment.ProcessorCount, ReadCpuModel(), System.Runtime.InteropServices.RuntimeInformation.OSDescription);

    private static string ReadCpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public override string ToString() => $"{Cores} cores, {CpuModel}, {Os}";
}
