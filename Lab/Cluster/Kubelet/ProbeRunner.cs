using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s.Models;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>
/// Runs one probe of a container as the kubelet does: exec inside the container, HTTP GET and TCP
/// from the node (so network policies never block them), each bounded by timeoutSeconds.
/// </summary>
public sealed class ProbeRunner(NodeContext node)
{
    public async Task<(bool Success, string Output)> RunAsync(V1Probe probe, string containerId, IPAddress podIp, V1Container container, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        if (probe.Exec is { } exec)
        {
            var result = await node.Runtime.ExecAsync(containerId, exec.Command.ToList(), timeout, cancel);
            return (result.Succeeded, result.TimedOut ? $"timed out after {timeout.TotalSeconds:0} s" : result.Output);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            if (probe.HttpGet is { } http)
                return await HttpGetAsync(new IPEndPoint(podIp, PortNumber(http.Port, container)), http.Path ?? "/", deadline.Token);
            if (probe.TcpSocket is { } tcp)
            {
                using var socket = await node.Network.ConnectAsync(new IPEndPoint(podIp, PortNumber(tcp.Port, container)), deadline.Token);
                return (true, "");
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException && !cancel.IsCancellationRequested)
        {
            return (false, e.Message);
        }
        throw new NotSupportedException($"container {container.Name}: a probe without exec, httpGet or tcpSocket");
    }

    /// <summary>A port given by number or by the name of one of the container's ports.</summary>
    public static int PortNumber(IntOrString port, V1Container container)
    {
        if (int.TryParse(port.Value, out var number)) return number;
        return container.Ports?.FirstOrDefault(p => p.Name == port.Value)?.ContainerPort
               ?? throw new InvalidOperationException($"container {container.Name} has no port named '{port.Value}'");
    }

    /// <summary>Success is a status from 200 to 399, as for the kubelet.</summary>
    private async Task<(bool, string)> HttpGetAsync(IPEndPoint target, string path, CancellationToken cancel)
    {
        using var socket = await node.Network.ConnectAsync(target, cancel);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = $"GET {path} HTTP/1.1\r\nHost: {target}\r\nUser-Agent: kube-probe/lab\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cancel);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        var parts = statusLine.Split(' ');
        var ok = parts.Length > 1 && int.TryParse(parts[1], out var status) && status is >= 200 and < 400;
        return (ok, statusLine);
    }
}
