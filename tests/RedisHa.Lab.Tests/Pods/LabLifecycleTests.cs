using System.Diagnostics;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Tests.Support;

namespace RedisHa.Lab.Tests.Pods;

/// <summary>What a lab leaves behind: nothing, once it is down.</summary>
public sealed class LabLifecycleTests
{
    [Fact]
    public async Task Lab_down_leaves_no_process_namespace_or_folder()
    {
        var lab = await PodScenario.StartLabAsync();
        var plan = lab.Network.Plan;
        var directory = lab.Directory;
        var pids = lab.Pods.SelectMany(p => p.Containers).Select(c => c.Current?.Pid).OfType<int>().ToList();
        Assert.NotEmpty(pids);
        await lab.DownAsync();
        Assert.False(Directory.Exists(directory));
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/stat") && !IsZombie(pid), $"process {pid} still runs"));
        var namespaces = await RunAsync("ip", "netns", "list");
        Assert.DoesNotContain(plan.NodeNamespace, namespaces);
    }

    [Fact]
    public async Task Bad_options_fail_before_anything_is_made()
    {
        var home = PodScenario.LabHome;
        var settings = new PodLabSettings { Name = "tbad", Home = home };
        var before = await RunAsync("ip", "netns", "list");
        var error = await Assert.ThrowsAsync<RedisHa.Blueprint.Validation.InvalidOptionsException>(() =>
            PodLab.StartAsync(new RedisHa.Blueprint.Options.RedisHaOptions { Replicas = 2, FailoverProfile = "instant" }, settings));
        Assert.Contains(error.Problems, p => p.Key == "replicas");
        Assert.Contains(error.Problems, p => p.Key == "failoverProfile");
        Assert.False(Directory.Exists(settings.Directory));
        Assert.Equal(before, await RunAsync("ip", "netns", "list"));
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] == 'Z';
        }
        catch (IOException) { return true; }
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return text;
    }
}
