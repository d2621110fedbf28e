using RedisHa.Lab.Cluster;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>
/// `redis-ha bench clients`: a lab per profile; per fault and trial, every client program writes
/// through the endpoint while the master is taken away. Every lab it starts is stopped again.
/// </summary>
public static class ClientBench
{
    public static async Task<ClientBenchResult> RunAsync(ClientBenchSettings settings, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var directory = settings.ClientsDirectory ?? ClientPrograms.FindDirectory();
        var programs = ClientPrograms.For(directory, settings.Libraries);
        progress?.Report($"preparing {programs.Count} client programs in {directory}");
        await ClientPrograms.PrepareAsync(directory, programs, cancel);
        var trials = new List<ClientTrial>();
        var problems = new List<string>();
        foreach (var profile in settings.Profiles)
        {
            await using var lab = await FailoverBench.StartLabAsync(profile, settings.LabHome, progress, cancel);
            using var teardown = TeardownOnCancel.Register(lab, cancel);
            await RunTrialsAsync(lab, programs, settings, trials, problems, progress, cancel);
        }
        return new ClientBenchResult(MachineInfo.Current(), ClientBenchRow.Of(trials), trials, problems);
    }

    private static async Task RunTrialsAsync(PodLab lab, IReadOnlyList<ClientProgram> programs, ClientBenchSettings settings,
        List<ClientTrial> trials, List<string> problems, IProgress<string>? progress, CancellationToken cancel)
    {
        var profile = lab.Spec.Timings.ProfileName;
        foreach (var mode in settings.Modes)
        {
            for (var i = 1; i <= settings.Trials; i++)
            {
                var name = $"{profile} {ClientBenchRow.FaultName(mode)} {i}/{settings.Trials}";
                try
                {
                    progress?.Report($"{name}: waiting for the lab to settle");
                    await LabSettler.WaitAsync(lab, FailoverBench.SettleTimeout(lab), cancel);
                    progress?.Report($"{name}: {programs.Count} clients writing, then the fault");
                    var seen = await ClientTrialRunner.RunAsync(lab, mode, i, programs, settings, cancel);
                    trials.AddRange(seen);
                    foreach (var t in seen)
                        progress?.Report($"{name}: {t.Client}, {t.Settings}: " + (t.Recovered ? $"unavailable {t.UnavailableMs:0} ms" : "did not recover") + $", {t.Errors} errors, {t.Lost} lost");
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // A lab that does not come back would measure the previous trial's aftermath: stop this profile.
                    problems.Add($"{name}: {e.Message}; remaining trials of profile {profile} skipped\n{lab.LogTails(6)}");
                    progress?.Report($"{name}: {e.Message}; skipping the rest of profile {profile}");
                    return;
                }
            }
        }
    }
}
