using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Network;

/// <summary>
/// One lab network for one test: its own index, node and pods, small listeners in the pods, and
/// everything destroyed when the test ends, failed or not.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private NetworkLab(NodeNetwork node, string directory)
    {
        Node = node;
        Directory = directory;
    }

    public NodeNetwork Node { get; }
    public LabNetworkPlan Plan => Node.Plan;
    /// <summary>A folder of this lab (DNS files, logs), removed with it.</summary>
    public string Directory { get; }

    public static NetworkLab Create(string testName)
    {
        var name = $"t{testName}-{Guid.NewGuid().ToString("N")[..6]}";
        var plan = LabNetworkPlan.Allocate(name);
        try
        {
            var directory = Path.Combine(Path.GetTempPath(), "redis-ha-net-" + name);
            System.IO.Directory.CreateDirectory(directory);
            return new NetworkLab(NodeNetwork.Create(plan), directory);
        }
        catch
        {
            NodeNetwork.Destroy(plan);
            throw;
        }
    }

    /// <summary>
    /// A pod answering every connection on each port with its own name (busybox nc, one process per
    /// port, persistent with -ll), ready when this returns.
    /// </summary>
    public async Task<PodInterface> EchoPodAsync(string key, params int[] ports)
    {
        var pod = Node.AddPod(key);
        foreach (var port in ports) Start("ip", "netns", "exec", pod.NamespaceName, "busybox", "nc", "-ll", "-p", $"{port}", "-e", "echo", key);
        foreach (var port in ports) await WaitListeningAsync(new IPEndPoint(pod.Ip, port));
        return pod;
    }

    /// <summary>Starts a long-running program with no input; killed when the lab goes.</summary>
    public Process Start(params string[] command)
    {
        var process = StartInteractive(command);
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Starts a long-running program whose input the test writes; killed when the lab goes.</summary>
    public Process StartInteractive(params string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var part in command.Skip(1)) psi.ArgumentList.Add(part);
        var process = Process.Start(psi)!;
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>Polls from the node (never filtered) until something listens there.</summary>
    public async Task WaitListeningAsync(IPEndPoint target)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var socket = await Node.ConnectAsync(target);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Connects from inside a pod with busybox nc and returns what the other end said, or nc's complaint ("nc: timed out" when dropped).</summary>
    public async Task<string> AskFromPodAsync(PodInterface pod, IPAddress address, int port, int timeoutSeconds = 2)
    {
        var (_, output) = await HostCommand.RunAsync(
            ["ip", "netns", "exec", pod.NamespaceName, "busybox", "nc", "-w", $"{timeoutSeconds}", address.ToString(), $"{port}"],
            TimeSpan.FromSeconds(timeoutSeconds + 3), CancellationToken.None);
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        foreach (var process in _processes)
        {
            await process.WaitForExitAsync();
            process.Dispose();
        }
        Node.Dispose();
        NodeNetwork.Destroy(Plan);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
