using RedisHa.Blueprint.Options;
using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench;

/// <summary>
/// `redis-ha bench failover`: a lab per profile, N trials per fault on each, every figure kept.
/// Every lab it starts is stopped again, also on failure or cancellation.
/// </summary>
public static class FailoverBench
{
    public static async Task<FailoverBenchResult> RunAsync(FailoverBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var trials = new List<FailoverTrial>();
        var problems = new List<string>();
        foreach (var profile in settings.Profiles)
            await RunProfileAsync(profile, settings, trials, problems, progress, cancel);
        return new FailoverBenchResult(MachineInfo.Current(), started, settings.Trials, trials, FailoverSummary.Of(trials), problems);
    }

    /// <summary>
    /// The trials on a lab the caller started (e.g. with other options than a profile's defaults) and
    /// stops; <see cref="FailoverBenchSettings.Profiles"/> is ignored. A pod lab lives in the process
    /// that started it, so this is how a lab of one's own is measured.
    /// </summary>
    public static async Task<FailoverBenchResult> RunAsync(PodLab lab, FailoverBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var trials = new List<FailoverTrial>();
        var problems = new List<string>();
        await RunTrialsAsync(lab, settings, trials, problems, progress, cancel);
        return new FailoverBenchResult(MachineInfo.Current(), started, settings.Trials, trials, FailoverSummary.Of(trials), problems);
    }

    private static async Task RunProfileAsync(string profile, FailoverBenchSettings settings, List<FailoverTrial> trials, List<string> problems,
        IProgress<string>? progress, CancellationToken cancel)
    {
        await using var lab = await StartLabAsync(profile, settings.LabHome, progress, cancel);
        using var teardown = TeardownOnCancel.Register(lab, cancel);
        await RunTrialsAsync(lab, settings, trials, problems, progress, cancel);
    }

    /// <summary>A lab of the profile's defaults for a bench, named so that a killed bench's lab can be found and removed.</summary>
    internal static Task<PodLab> StartLabAsync(string profile, string? labHome, IProgress<string>? progress, CancellationToken cancel)
    {
        var labSettings = new PodLabSettings
        {
            Name = $"bench-{profile}-{Guid.NewGuid():N}"[..(13 + profile.Length)],
            Home = labHome ?? PodLabSettings.DefaultHome(),
        };
        progress?.Report($"{profile}: starting lab '{labSettings.Name}' (should this process be killed: redis-ha lab down --name {labSettings.Name})");
        var labProgress = progress is null ? null : new PrefixedProgress(progress, $"{profile}:   ");
        return PodLab.StartAsync(new RedisHaOptions { FailoverProfile = profile }, labSettings, labProgress, cancel);
    }

    /// <summary>How long a trial may wait for the lab to calm down after the previous one.</summary>
    internal static TimeSpan SettleTimeout(PodLab lab) =>
        TimeSpan.FromMilliseconds(lab.Spec.Timings.DownAfterMilliseconds + lab.Spec.Timings.FailoverTimeoutMilliseconds + 60000);

    private static async Task RunTrialsAsync(PodLab lab, FailoverBenchSettings settings, List<FailoverTrial> trials, List<string> problems,
        IProgress<string>? progress, CancellationToken cancel)
    {
        var t = lab.Spec.Timings;
        var profile = t.ProfileName;
        progress?.Report($"{profile}: down-after {t.DownAfterMilliseconds} ms, failover-timeout {t.FailoverTimeoutMilliseconds} ms, HAProxy check every {t.HaproxyCheckIntervalMilliseconds} ms");
        var settleTimeout = SettleTimeout(lab);
        foreach (var mode in settings.Modes)
        {
            for (var i = 1; i <= settings.Trials; i++)
            {
                var name = $"{profile} {mode.ToString().ToLowerInvariant()} {i}/{settings.Trials}";
                try
                {
                    progress?.Report($"{name}: waiting for the lab to settle");
                    await LabSettler.WaitAsync(lab, settleTimeout, cancel);
                }
                catch (TimeoutException e)
                {
                    // A lab that does not settle would measure the previous trial's aftermath: stop this profile.
                    problems.Add($"{name}: {e.Message}; remaining trials of profile {profile} skipped\n{lab.LogTails(6)}");
                    progress?.Report($"{name}: {e.Message}; skipping the rest of profile {profile}");
                    return;
                }
                progress?.Report($"{name}: fault");
                FailoverTrial trial;
                try
                {
                    trial = await FailoverTrialRunner.RunAsync(lab, mode, i, settings, cancel);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // E.g. a killed node that does not come back: keep what was measured so far.
                    problems.Add($"{name}: {e.Message}; remaining trials of profile {profile} skipped\n{lab.LogTails(6)}");
                    progress?.Report($"{name}: {e.Message}; skipping the rest of profile {profile}");
                    return;
                }
                trials.Add(trial);
                progress?.Report($"{name}: {OneLine(trial)}");
                if (trial.Error is not null) problems.Add($"{name}: {trial.Error}");
            }
        }
    }

    public static string OneLine(FailoverTrial t) => t.Recovered
        ? $"node-{t.OldMaster} -> node-{t.NewMaster}; unavailable {string.Join(", ", t.Clients.Select(c => $"{c.Client} {c.UnavailabilityMs:0} ms"))}; " +
          $"lost {t.Lost}; retry-once errors {t.RetryOnceErrors}; all agree after {t.AgreementMs:0} ms"
        : $"did not recover: {t.Error}";
}
