using System.CommandLine;
using System.Text.Json;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>The <c>--name</c> option that picks one of several labs, and talking to that lab's process.</summary>
internal static class LabName
{
    public static Option<string> Option() => new("--name")
    {
        Description = "Which lab (several can run side by side).",
        DefaultValueFactory = _ => "default",
    };

    public static PodLabSettings Settings(string name) => new() { Name = name };

    /// <summary>Sends one request to the lab's process and prints its reply; the reply's exit code, or 1 when no lab answers.</summary>
    public static async Task<int> SendAsync(string name, LabRequest request, CancellationToken cancel = default)
    {
        var reply = await LabControlClient.SendAsync(Settings(name).Directory, request, cancel);
        if (reply is null)
        {
            Console.Error.WriteLine($"error: no lab named '{name}' is up; start one with 'redis-ha lab up'");
            return 1;
        }
        Console.Out.Write(reply.Output);
        if (reply.Error.Length > 0) Console.Error.WriteLine(reply.Error);
        return reply.ExitCode;
    }

    /// <summary>Sends a request whose reply carries JSON data; null (after printing why) when it failed.</summary>
    public static async Task<T?> QueryAsync<T>(string name, LabRequest request, CancellationToken cancel = default) where T : class
    {
        var reply = await LabControlClient.SendAsync(Settings(name).Directory, request, cancel);
        if (reply is null)
        {
            Console.Error.WriteLine($"error: no lab named '{name}' is up; start one with 'redis-ha lab up'");
            return null;
        }
        if (reply.ExitCode != 0 || reply.Data is null)
        {
            Console.Error.WriteLine(reply.Error);
            return null;
        }
        return reply.Data.Value.Deserialize<T>(LabControlServer.Json);
    }
}
