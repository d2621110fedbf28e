using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench;

/// <summary>
/// One failover trial on a settled lab: write through the endpoint with every client kind, take the
/// master away, wait until every node agrees on a new master and the endpoint takes writes, and
/// measure. Afterwards the lab heals itself as a cluster does: the kubelet restarts a killed
/// container, a paused one is thawed, a handed-over master stays a running pod.
/// </summary>
public static class FailoverTrialRunner
{
    public static async Task<FailoverTrial> RunAsync(PodLab lab, FailoverMode mode, int trial, FailoverBenchSettings settings, CancellationToken cancel = default)
    {
        var old = await lab.FindMasterAsync() ?? throw new InvalidOperationException("no master before the fault");
        var timings = lab.Spec.Timings;
        var recoveryTimeout = RecoveryTimeout(lab);
        var events = new List<TrialEvent>();
        string? error = null;
        int? next = null;
        var workload = await EndpointWorkload.StartAsync(lab.HostAddress(lab.Spec.Names.EndpointService), RedisHaSpec.EndpointPort, lab.Password, settings.WriteInterval,
            prefix: $"bench:{Guid.NewGuid():N}", tls: lab.Tls);
        TimeSpan faultAt;
        DateTime faultWall;
        WorkloadReport report;
        IReadOnlyList<ClusterView> history;
        try
        {
            var observer = ClusterObserver.Start(lab, () => workload.Elapsed, settings.SampleInterval);
            try
            {
                await Task.Delay(settings.Warmup, cancel);
                faultAt = workload.Elapsed;
                faultWall = DateTime.Now;
                var fault = faultAt;
                double since() => (workload.Elapsed - fault).TotalMilliseconds;
                events.Add(new TrialEvent(0, "fault", $"{Describe(mode)} node-{old}"));
                try
                {
                    await InjectAsync(lab, mode, old, settings.PauseBeyondDownAfter, events, since, cancel);
                    next = await WaitForAgreementAsync(lab, observer, old, recoveryTimeout, cancel);
                    await lab.WaitForWritableEndpointAsync(TimeSpan.FromSeconds(10), cancel);
                    await Task.Delay(settings.Tail, cancel);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    error = e.Message;
                }
            }
            finally
            {
                await observer.DisposeAsync();
            }
            history = observer.History;
            report = await workload.StopAsync();
        }
        finally
        {
            await workload.DisposeAsync();
        }

        var endWall = DateTime.Now;
        int? lost = error is null
            ? (await EndpointWorkload.FindLostAsync(report, lab.HostAddress(lab.Spec.Names.EndpointService), RedisHaSpec.EndpointPort, lab.Password, lab.Tls)).Count
            : null;
        var sentinelEvents = SentinelLog.Read(lab, faultWall, faultWall.AddSeconds(-1), endWall);
        double? agreement = null;
        if (next is { } n)
        {
            events.AddRange(TrialMoments.From(history, faultAt, old, n, lab.Spec.Quorum));
            agreement = TrialMoments.AgreedSince(history, faultAt, n, lab.Spec.Quorum);
        }

        return new FailoverTrial
        {
            Profile = timings.ProfileName,
            Mode = mode,
            Trial = trial,
            Quorum = lab.Spec.Quorum,
            OldMaster = old,
            NewMaster = next,
            Recovered = error is null,
            Error = error,
            Clients = [.. new[] { EndpointWorkload.SeRedis, EndpointWorkload.SeRedisRetry, EndpointWorkload.Raw }.Select(c => Figures(report, c))],
            Lost = lost,
            AgreementMs = agreement,
            Events = [.. events.OrderBy(e => e.AtMs)],
            SentinelEvents = sentinelEvents,
            Writes = report.Writes,
            History = history,
            FaultAt = faultAt,
        };
    }

    private static string Describe(FailoverMode mode) => mode switch
    {
        FailoverMode.Kill => "kill",
        FailoverMode.Pause => "pause",
        _ => "planned handover of",
    };

    internal static async Task InjectAsync(PodLab lab, FailoverMode mode, int master, TimeSpan pauseBeyondDownAfter, List<TrialEvent> events, Func<double> since, CancellationToken cancel)
    {
        var pod = lab.Spec.Names.Pod(master);
        switch (mode)
        {
            case FailoverMode.Kill:
                // The kubelet restarts it with back-off; the settler waits for that before the next trial.
                await lab.KillContainerAsync(pod, "redis");
                break;
            case FailoverMode.Pause:
                await lab.PauseAsync(pod, "redis", paused: true);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(lab.Spec.Timings.DownAfterMilliseconds) + pauseBeyondDownAfter, cancel);
                }
                finally
                {
                    await lab.PauseAsync(pod, "redis", paused: false); // also on cancellation: never leave a frozen container behind
                    events.Add(new TrialEvent(since(), "resume", $"node-{master} resumed"));
                }
                break;
            case FailoverMode.Planned:
                await lab.FailoverAsync(PlannedTimeout(lab), cancel);
                events.Add(new TrialEvent(since(), "handover-done", "pre-stop handover returned"));
                break;
        }
    }

    /// <summary>How long a trial waits for a new master after its fault: down-after, a failover that may need a second attempt, and room for the rest.</summary>
    internal static TimeSpan RecoveryTimeout(PodLab lab) =>
        TimeSpan.FromMilliseconds(lab.Spec.Timings.DownAfterMilliseconds + 2 * lab.Spec.Timings.FailoverTimeoutMilliseconds + 20000);

    /// <summary>The handover script's own bound (it waits for the failover it asks for) plus room for HAProxy to follow.</summary>
    private static TimeSpan PlannedTimeout(PodLab lab) =>
        TimeSpan.FromMilliseconds(2 * lab.Spec.Timings.FailoverTimeoutMilliseconds + 30000);

    /// <summary>Polls the observer until every node agrees on a master other than <paramref name="old"/>.</summary>
    private static async Task<int> WaitForAgreementAsync(PodLab lab, ClusterObserver observer, int old, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (observer.Current.AgreedMaster(lab.Spec.Quorum) is { } agreed && agreed != old) return agreed;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no agreement on a new master within {timeout.TotalSeconds:0} s; last view: {observer.Current.Signature}");
            await Task.Delay(50, cancel);
        }
    }

    private static ClientFigures Figures(WorkloadReport report, string client)
    {
        var writes = report.Writes.Where(w => w.Client == client).ToList();
        return new ClientFigures(client, writes.Count(w => w.Acknowledged), writes.Count(w => !w.Acknowledged),
            report.LongestUnavailability(client).TotalMilliseconds,
            [.. writes.Where(w => !w.Acknowledged).Select(w => w.Error ?? "").Distinct().Take(3)]);
    }
}
