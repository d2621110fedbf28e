using System.CommandLine;
using RedisHa.Lab;

namespace RedisHa.Cli.Commands;

/// <summary>The <c>--name</c> option that picks one of several labs, and finding that lab.</summary>
internal static class LabName
{
    public static Option<string> Option() => new("--name")
    {
        Description = "Which lab (several can run side by side).",
        DefaultValueFactory = _ => "default",
    };

    public static LabSettings Settings(string name) => new() { Name = name };

    /// <summary>The running lab, or null after printing why not.</summary>
    public static LabCluster? Attach(string name, TextWriter stderr)
    {
        var lab = LabCluster.Attach(Settings(name));
        if (lab is null) stderr.WriteLine($"error: no lab named '{name}' is up; start one with 'redis-ha lab up'");
        return lab;
    }
}
