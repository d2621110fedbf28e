using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>`redis-ha lab`: the local failover lab.</summary>
internal static class LabCommand
{
    public static Command Create() => new("lab", "Run the generated configuration as real processes on loopback addresses.");
}
