using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Control;

namespace RedisHa.Cli.Commands;

/// <summary>
/// `redis-ha lab up`: renders the objects and runs them on a one-node lab in the background, or, when
/// the lab is up already, applies the changed options to it as `pulumi up` would (rolling updates).
/// </summary>
internal static class LabUpCommand
{
    /// <summary>The options the background process starts from; holds the password, so it lives only until that process read it.</summary>
    public const string OptionsFile = "options.json";

    public static Command Create()
    {
        var input = new ConfigInput();
        var profile = new Option<string?>("--profile") { Description = "Failover profile: default or fast (same as --set failoverProfile=...)." };
        var json = new Option<bool>("--json") { Description = "Print endpoint, password, sentinels, masterName, readEndpoint and caFile as one JSON object on stdout; progress on stderr." };
        var name = LabName.Option();
        var command = new Command("up", "Run the rendered objects as pods on a one-node lab and wait until every pod is Ready and the endpoint accepts writes.");
        input.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(json);
        command.Options.Add(name);
        command.SetAction(async (parse, cancel) =>
        {
            var chosen = parse.GetValue(profile);
            var spec = input.Load(parse, Console.Error, o => chosen is null ? o : o with { FailoverProfile = chosen });
            if (spec is null) return ConfigInput.InvalidInputExitCode;
            var settings = LabName.Settings(parse.GetValue(name)!);
            try
            {
                LabPrerequisites.Check();
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            LabSummary? summary;
            if (await LabControlClient.SendAsync(settings.Directory, new LabRequest("summary"), cancel) is not null)
            {
                Console.Error.WriteLine($"lab '{settings.Name}' is up: applying the options");
                summary = await LabName.QueryAsync<LabSummary>(settings.Name, new LabRequest("apply") { Options = spec.Options, TimeoutSeconds = 600 }, cancel);
            }
            else
            {
                if (LabRecord.Load(settings.Directory) is not null)
                {
                    Console.Error.WriteLine($"a lab named '{settings.Name}' was left behind by a process that is gone: removing it first");
                    await PodLab.DestroyAsync(settings.Directory);
                }
                summary = await StartInBackgroundAsync(spec.Options, settings, cancel);
            }
            if (summary is null) return 1;
            Print(summary, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    /// <summary>Starts `redis-ha lab serve` detached, shows its progress, and waits for the lab to serve.</summary>
    private static async Task<LabSummary?> StartInBackgroundAsync(RedisHaOptions options, PodLabSettings settings, CancellationToken cancel)
    {
        Directory.CreateDirectory(settings.Directory);
        var optionsFile = Path.Combine(settings.Directory, OptionsFile);
        File.WriteAllText(optionsFile, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(optionsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(optionsFile, JsonSerializer.Serialize(options, LabControlServer.Json));
        var log = Path.Combine(settings.Directory, "serve.log");
        var self = Environment.ProcessPath!;
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" </dev/null >>\"$0\" 2>&1");
        psi.ArgumentList.Add(log);
        psi.ArgumentList.Add(self);
        // Under `dotnet redis-ha.dll` the process is dotnet itself, which needs the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(entry);
        foreach (var arg in new[] { "lab", "serve", "--name", settings.Name }) psi.ArgumentList.Add(arg);
        using (Process.Start(psi)) { }

        var shown = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            shown = ShowProgress(log, shown);
            var reply = await LabControlClient.SendAsync(settings.Directory, new LabRequest("summary"), cancel);
            if (reply is not null)
            {
                ShowProgress(log, shown);
                if (reply.ExitCode == 0 && reply.Data is { } data) return data.Deserialize<LabSummary>(LabControlServer.Json);
                Console.Error.WriteLine(reply.Error);
                return null;
            }
            await Task.Delay(200, cancel);
        }
        Console.Error.WriteLine($"error: the lab's process did not answer; see {log}");
        return null;
    }

    private static long ShowProgress(string log, long from)
    {
        if (!File.Exists(log)) return from;
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Console.Error.WriteLine($"  {line}");
        return from + System.Text.Encoding.UTF8.GetByteCount(text);
    }

    private static void Print(LabSummary summary, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(summary, LabControlServer.Json));
            return;
        }
        Console.WriteLine($"endpoint: {summary.Endpoint}");
        Console.WriteLine($"password: {summary.Password}");
        Console.WriteLine($"sentinels: {string.Join(',', summary.Sentinels)}");
        if (summary.ReadEndpoint is not null) Console.WriteLine($"read-endpoint: {summary.ReadEndpoint}");
        // A TLS lab's clients must trust its throwaway CA (redis-cli --tls --cacert FILE).
        if (summary.CaFile is not null) Console.WriteLine($"ca: {summary.CaFile}");
    }
}
