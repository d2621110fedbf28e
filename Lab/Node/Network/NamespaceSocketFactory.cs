using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RedisHa.Lab.Node.Network;

/// <summary>
/// Creates sockets inside another network namespace without moving the lab's process there.
/// setns(2) changes the namespace of the calling OS thread only, and a socket belongs for life to
/// the namespace it was created in; so one dedicated thread joins the namespace once and creates
/// sockets on request, and those sockets are then connected, read and written from any thread
/// (async I/O runs on the thread pool, which stays in the root namespace where the host's own
/// listeners are). A dedicated thread, never a pool thread, because a pool thread left in another
/// namespace would silently put unrelated work there.
/// </summary>
internal sealed partial class NamespaceSocketFactory : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly BlockingCollection<TaskCompletionSource<Socket>> _requests = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceSocketFactory(string namespacePath)
    {
        _thread = new Thread(() => Serve(namespacePath)) { IsBackground = true, Name = $"netns {Path.GetFileName(namespacePath)}" };
        _thread.Start();
        // Fail here, not on the first connection, when the namespace cannot be joined.
        _joined.Task.GetAwaiter().GetResult();
    }

    public Task<Socket> CreateTcpSocketAsync()
    {
        var request = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add(request);
        return request.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private void Serve(string namespacePath)
    {
        try
        {
            using (var ns = File.OpenHandle(namespacePath))
            {
                if (SetNs(ns.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                    throw new IOException($"setns({namespacePath}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
            // A socket that stayed in the root namespace would send the lab's private addresses to the
            // host's default gateway, off the machine: make sure this thread really moved.
            var here = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
            var process = new FileInfo("/proc/self/ns/net").LinkTarget;
            if (here is null || here == process)
                throw new IOException($"setns({namespacePath}) left the thread in the process's namespace ({here})");
            _joined.SetResult();
        }
        catch (Exception e)
        {
            _joined.SetException(e);
            return;
        }
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                request.SetResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            }
            catch (Exception e)
            {
                request.SetException(e);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
