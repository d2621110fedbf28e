using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Observation;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>
/// One failover trial seen by every client at once: each writer program writes through the
/// endpoint, the master is taken away as in `bench failover`, and each client is given time to
/// write again by itself once the endpoint takes writes.
/// </summary>
public static class ClientTrialRunner
{
    public static async Task<IReadOnlyList<ClientTrial>> RunAsync(PodLab lab, FailoverMode mode, int trial, IReadOnlyList<ClientProgram> programs,
        ClientBenchSettings settings, CancellationToken cancel = default)
    {
        var old = await lab.FindMasterAsync() ?? throw new InvalidOperationException("no master before the fault");
        var timings = lab.Spec.Timings;
        var host = lab.HostAddress(lab.Spec.Names.EndpointService);
        var epochMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        TimeSpan Now() => TimeSpan.FromMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - epochMs);

        var writers = programs.Select(p => ClientWriter.Start(p, host, RedisHaSpec.EndpointPort, lab.Password, settings.WriteInterval, epochMs)).ToList();
        TimeSpan faultAt;
        try
        {
            await Polling.UntilAsync(settings.ConnectTimeout, cancel, "every client to write once", () =>
            {
                if (writers.FirstOrDefault(w => w.HasExited) is { } ended)
                    throw new InvalidOperationException($"{ended.Program.Label} ended before the fault: {ended.Stderr}");
                var waiting = writers.Where(w => !w.AcknowledgedSince(TimeSpan.Zero)).Select(w => w.Program.Label).ToList();
                return Task.FromResult(waiting.Count == 0 ? null : $"no write yet from {string.Join("; ", waiting)}");
            }, TimeSpan.FromMilliseconds(100));
            await Task.Delay(settings.Warmup, cancel);

            faultAt = Now();
            await FailoverTrialRunner.InjectAsync(lab, mode, old, settings.PauseBeyondDownAfter, [], () => 0, cancel);
            await Polling.UntilAsync(FailoverTrialRunner.RecoveryTimeout(lab), cancel, "a new master", async () =>
                await lab.FindMasterAsync() is { } master && master != old ? null : "the old master is still named", TimeSpan.FromMilliseconds(100));
            await lab.WaitForWritableEndpointAsync(TimeSpan.FromSeconds(10), cancel);

            // Each client on its own: the endpoint takes writes; does the client find it again?
            var deadline = DateTime.UtcNow + settings.RecoveryWait;
            while (DateTime.UtcNow < deadline && !writers.All(w => w.AcknowledgedSince(faultAt) && w.LastWriteAcknowledged))
                await Task.Delay(100, cancel);
            await Task.Delay(settings.Tail, cancel);
        }
        catch
        {
            // Nothing to measure: the writers are stopped and their stop files removed.
            await Task.WhenAll(writers.Select(w => w.DisposeAsync().AsTask()));
            throw;
        }
        await Task.WhenAll(writers.Select(w => w.StopAsync(TimeSpan.FromSeconds(5))));

        var trials = new List<ClientTrial>();
        foreach (var writer in writers)
        {
            var writes = writer.Writes;
            var since = new WorkloadReport([.. writes.Where(w => w.SentAt >= faultAt)]);
            var recovered = writer.AcknowledgedSince(faultAt) && writer.LastWriteAcknowledged;
            var lost = await EndpointWorkload.FindLostAsync(new WorkloadReport(writes), host, RedisHaSpec.EndpointPort, lab.Password, lab.Tls);
            trials.Add(new ClientTrial
            {
                Library = writer.Program.Library,
                Client = writer.Version,
                Settings = writer.Program.Settings,
                Profile = timings.ProfileName,
                Mode = mode,
                Trial = trial,
                UnavailableMs = recovered ? since.LongestUnavailability().TotalMilliseconds : null,
                Errors = since.Failed,
                Recovered = recovered,
                Lost = lost.Count,
                ErrorSamples = [.. since.Writes.Where(w => !w.Acknowledged).Select(w => w.Error!).Distinct().Take(3)],
            });
            await writer.DisposeAsync();
        }
        return trials;
    }
}
