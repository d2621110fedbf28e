using System.Globalization;
using System.Text.RegularExpressions;
using RedisHa.Lab.Cluster;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Bench;

/// <summary>
/// Reads the steps of a failover from the sentinels' logs, to show where the time goes: detection
/// (+sdown, +odown), election (+elected-leader), promotion (+promoted-slave, confirmed only by the
/// promoted replica's next INFO) and announcement (+switch-master). Each server pod's sentinel
/// container log holds its lines (every run of the container, appended).
/// </summary>
public static partial class SentinelLog
{
    /// <summary>The events that mark the steps of a failover, in the order they happen.</summary>
    public static IReadOnlyList<string> FailoverSteps { get; } =
        ["+sdown", "+odown", "+try-failover", "+elected-leader", "+selected-slave", "+promoted-slave", "+switch-master", "+convert-to-slave"];

    // Redis logs "pid:X 25 Nov 2026 15:32:30.054 # +elected-leader master mymaster 127.0.0.1 6379" in local time.
    [GeneratedRegex(@"^\d+:X (?<time>\d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3}) [#*.\-] (?<event>[+\-][\w\-]+) ?(?<detail>.*)$")]
    private static partial Regex Line();

    /// <summary>
    /// The failover steps every sentinel logged between <paramref name="from"/> and <paramref name="to"/>
    /// (local time, as Redis writes it), in ms after <paramref name="fault"/>. Only events about the
    /// master (not about a replica or another sentinel going down) are kept. The logs of every pod
    /// that ran on the node count, so a rolling update's replaced pods are heard too.
    /// </summary>
    public static IReadOnlyList<SentinelLogEvent> Read(PodLab lab, DateTime fault, DateTime from, DateTime to)
    {
        var logs = Enumerable.Range(0, lab.Spec.Replicas).SelectMany(ordinal => LabPod.DirectoriesOf(lab.Node, lab.Spec.Names.Pod(ordinal))
            .Select(podDirectory => (Sentinel: ordinal, Path: ContainerRun.LogFileIn(podDirectory, "sentinel"))));
        var events = new List<SentinelLogEvent>();
        foreach (var (sentinel, path) in logs)
        {
            if (!File.Exists(path)) continue;
            foreach (var line in ReadShared(path))
            {
                var m = Line().Match(line);
                if (!m.Success || !FailoverSteps.Contains(m.Groups["event"].Value)) continue;
                var detail = m.Groups["detail"].Value;
                // +sdown and +odown also report replicas and sentinels; only the master's matter here.
                if (m.Groups["event"].Value is "+sdown" or "+odown" && !detail.StartsWith("master ", StringComparison.Ordinal)) continue;
                if (!DateTime.TryParseExact(m.Groups["time"].Value, "d MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at)) continue;
                if (at < from || at > to) continue;
                events.Add(new SentinelLogEvent((at - fault).TotalMilliseconds, sentinel, m.Groups["event"].Value, detail));
            }
        }
        return events.OrderBy(e => e.AtMs).ToList();
    }

    // The sentinel keeps writing to its log while we read it.
    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line) yield return line;
    }
}
