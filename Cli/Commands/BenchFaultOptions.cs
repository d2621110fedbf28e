using System.CommandLine;
using RedisHa.Blueprint.Options;
using RedisHa.Lab.Bench;

namespace RedisHa.Cli.Commands;

/// <summary>The options the failover benches share: which profiles, which faults, how many trials of each.</summary>
internal sealed class BenchFaultOptions
{
    public BenchFaultOptions(string defaultProfile, int defaultTrials)
    {
        Profile = new Option<string>("--profile") { Description = "Failover profile to measure: default, fast or all.", DefaultValueFactory = _ => defaultProfile };
        Profile.AcceptOnlyFromAmong([.. FailoverProfile.All.Select(p => p.Name), "all"]);
        Mode = new Option<string>("--mode") { Description = "Fault: kill (the master's redis), pause (its redis, beyond down-after), planned (pre-stop handover) or all.", DefaultValueFactory = _ => "all" };
        Mode.AcceptOnlyFromAmong("kill", "pause", "planned", "all");
        Trials = new Option<int>("--trials") { Description = "Trials per profile and fault.", DefaultValueFactory = _ => defaultTrials };
        Trials.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--trials must be at least 1");
        });
    }

    public Option<string> Profile { get; }
    public Option<string> Mode { get; }
    public Option<int> Trials { get; }

    public IReadOnlyList<string> Profiles(ParseResult parse) =>
        parse.GetValue(Profile) is "all" or null ? [.. FailoverProfile.All.Select(p => p.Name)] : [parse.GetValue(Profile)!];

    public IReadOnlyList<FailoverMode> Modes(ParseResult parse) =>
        parse.GetValue(Mode) is "all" or null ? Enum.GetValues<FailoverMode>() : [Enum.Parse<FailoverMode>(parse.GetValue(Mode)!, ignoreCase: true)];
}
