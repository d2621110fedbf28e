using System.Diagnostics;
using System.Text.Json;

namespace RedisHa.Cli.Tests;

/// <summary>
/// The lab as a newcomer drives it from the README: the real `redis-ha` program, `lab up --json`,
/// redis-cli through the printed endpoint, kubectl-like verbs, `lab down` leaving nothing.
/// </summary>
[Collection(CheckLabCollection.Name)]
public sealed class LabCommandTests
{
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "redis-ha-cli-lab-tests");

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["REDIS_HA_LAB_HOME"] = Home;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "redis-ha.dll"), .. args]);

    [Fact]
    public async Task Lab_up_serves_the_endpoint_the_verbs_work_and_lab_down_leaves_nothing()
    {
        var name = $"c{Guid.NewGuid():N}"[..8];
        try
        {
            var up = await CliAsync("lab", "up", "--name", name, "--profile", "fast", "--json");
            Assert.True(up.ExitCode == 0, up.Stderr);
            // stdout ends with one line holding one JSON object; progress went to stderr.
            var summary = JsonDocument.Parse(up.Stdout.Trim().Split('\n')[^1]).RootElement;
            var endpoint = summary.GetProperty("endpoint").GetString()!;
            var password = summary.GetProperty("password").GetString()!;
            Assert.Equal(3, summary.GetProperty("sentinels").GetArrayLength());
            Assert.Equal("mymaster", summary.GetProperty("masterName").GetString());
            Assert.Contains("stand-in redis-server", up.Stderr);

            var (host, port) = (endpoint.Split(':')[0], endpoint.Split(':')[1]);
            var auth = new Dictionary<string, string> { ["REDISCLI_AUTH"] = password };
            var set = await RunAsync("redis-cli", ["--no-auth-warning", "-h", host, "-p", port, "SET", "newcomer", "hello"], auth);
            Assert.Equal("OK", set.Stdout.Trim());

            var status = await CliAsync("lab", "status", "--name", name, "--json");
            Assert.Equal(0, status.ExitCode);
            var snapshot = JsonDocument.Parse(status.Stdout).RootElement;
            var pods = snapshot.GetProperty("pods").EnumerateArray().ToList();
            Assert.Equal(6, pods.Count);
            Assert.All(pods, p => Assert.True(p.GetProperty("ready").GetBoolean()));
            Assert.Single(pods, p => p.GetProperty("role").ValueKind == JsonValueKind.String && p.GetProperty("role").GetString() == "master");
            Assert.Contains(snapshot.GetProperty("services").EnumerateArray(), s => s.GetProperty("clusterIP").GetString() == "None");

            // exec passes the command's status and output through; an unknown pod is exit 1 naming it.
            var exec = await CliAsync("lab", "exec", "master", "-c", "redis", "--name", name, "--", "sh", "-c", "hostname; exit 3");
            Assert.Equal(3, exec.ExitCode);
            Assert.StartsWith("redis-ha-server-", exec.Stdout.Trim());
            var unknown = await CliAsync("lab", "exec", "no-such-pod", "--name", name, "--", "true");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("no-such-pod", unknown.Stderr);

            var delete = await CliAsync("lab", "delete", "pod", "master", "--name", name);
            Assert.True(delete.ExitCode == 0, delete.Stderr);
            var get = await RunAsync("redis-cli", ["--no-auth-warning", "-h", host, "-p", port, "GET", "newcomer"], auth);
            Assert.Equal("hello", get.Stdout.Trim());
        }
        finally
        {
            var down = await CliAsync("lab", "down", "--name", name);
            Assert.Equal(0, down.ExitCode);
        }
        Assert.False(Directory.Exists(Path.Combine(Home, name)));
        var namespaces = await RunAsync("ip", ["netns", "list"]);
        Assert.DoesNotContain($"-{name}-", namespaces.Stdout);
    }

    [Fact]
    public async Task Lab_up_with_bad_options_exits_2_naming_each_key_and_starts_nothing()
    {
        var name = $"c{Guid.NewGuid():N}"[..8];
        var up = await CliAsync("lab", "up", "--name", name, "--set", "replicas=2", "--set", "failoverProfile=instant");
        Assert.Equal(2, up.ExitCode);
        Assert.Contains("replicas", up.Stderr);
        Assert.Contains("failoverProfile", up.Stderr);
        Assert.Equal("", up.Stdout);
        Assert.False(Directory.Exists(Path.Combine(Home, name)));
    }
}
