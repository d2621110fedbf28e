using System.Text.Json;

namespace RedisHa.Lab.Cluster.Control;

/// <summary>Runs one CLI verb against the lab this process holds.</summary>
public static class LabVerbs
{
    public static async Task<LabReply> RunAsync(PodLab lab, LabRequest r, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromSeconds(r.TimeoutSeconds);
        switch (r.Verb)
        {
            case "summary":
                return Data(LabSummary.Of(lab));
            case "status":
                return Data(await lab.SnapshotAsync());
            case "delete-pod":
                await lab.DeletePodAsync(Need(r.Pod), r.Wipe);
                return LabReply.Ok($"pod \"{r.Pod}\" deleted\n");
            case "hold":
                await lab.HoldAsync(Need(r.Pod));
                return LabReply.Ok($"pod \"{r.Pod}\" held: its containers were killed and it is not recreated until released\n");
            case "release":
                lab.Release(Need(r.Pod));
                return LabReply.Ok($"pod \"{r.Pod}\" released\n");
            case "rollout-restart":
                lab.RolloutRestart(Need(r.Kind));
                await lab.WaitForRolloutAsync(timeout, cancel);
                return LabReply.Ok($"{r.Kind} restarted\n");
            case "restart-all":
                await lab.RestartAllAsync();
                return LabReply.Ok("every pod was killed; the controllers bring them back\n");
            case "kill":
                await lab.KillContainerAsync(Need(r.Pod), r.Container);
                return LabReply.Ok();
            case "pause":
            case "resume":
                await lab.PauseAsync(Need(r.Pod), r.Container, r.Verb == "pause");
                return LabReply.Ok();
            case "partition":
                await lab.PartitionAsync(Need(r.Pod), r.From);
                return LabReply.Ok();
            case "heal":
                lab.Heal();
                return LabReply.Ok();
            case "exec":
                var exec = await lab.ExecAsync(Need(r.Pod), r.Container, r.Command ?? [], timeout);
                return new LabReply(exec.TimedOut ? 124 : exec.ExitCode, exec.Output);
            case "client":
                var client = await lab.RunClientAsync(Need(r.Namespace), r.Command ?? [], timeout);
                return new LabReply(client.TimedOut ? 124 : client.ExitCode, client.Output);
            case "logs":
                return LabReply.Ok(await lab.LogFileAsync(Need(r.Pod), r.Container));
            case "failover":
                return LabReply.Ok(await lab.FailoverAsync(timeout, cancel));
            case "apply":
                await lab.ApplyAsync(r.Options ?? throw new ArgumentException("apply needs options"), cancel);
                await lab.WaitForRolloutAsync(timeout, cancel);
                return Data(LabSummary.Of(lab));
            default:
                return LabReply.Fail($"error: unknown verb '{r.Verb}'");
        }
    }

    private static string Need(string? value) => value ?? throw new ArgumentException("missing argument");

    private static LabReply Data<T>(T value) => new(0) { Data = JsonSerializer.SerializeToElement(value, LabControlServer.Json) };
}
