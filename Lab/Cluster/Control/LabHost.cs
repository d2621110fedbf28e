using RedisHa.Blueprint.Options;

namespace RedisHa.Lab.Cluster.Control;

/// <summary>
/// The background process of a lab (`redis-ha lab serve`, started by `lab up`): it holds the lab
/// (kubelet, controllers, forwards from the host) and answers the CLI on the control socket until
/// `lab down` or SIGTERM. While the lab starts, "summary" waits for it, so `lab up` learns the outcome.
/// </summary>
public static class LabHost
{
    public static async Task<int> RunAsync(RedisHaOptions options, PodLabSettings settings, CancellationToken cancel)
    {
        System.IO.Directory.CreateDirectory(settings.Directory);
        var started = new TaskCompletionSource<PodLab>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LabControlServer(settings.Directory, async (request, token) =>
        {
            if (request.Verb == "down")
            {
                stop.TrySetResult();
                return LabReply.Ok();
            }
            PodLab lab;
            try
            {
                lab = await started.Task.WaitAsync(token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return LabReply.Fail($"error: {e.Message}");
            }
            return await LabVerbs.RunAsync(lab, request, token);
        });
        server.Start();
        var progress = new Progress<string>(line => Console.Error.WriteLine(line));
        PodLab running;
        try
        {
            running = await PodLab.StartAsync(options, settings, progress, cancel);
            started.SetResult(running);
        }
        catch (Exception e)
        {
            started.SetException(e);
            Console.Error.WriteLine($"error: {e.Message}");
            // Let the waiting `lab up` read the error before the socket goes.
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            return 1;
        }
        using (cancel.Register(() => stop.TrySetResult()))
            await stop.Task;
        Console.Error.WriteLine("stopping the lab");
        await running.DownAsync();
        return 0;
    }
}
