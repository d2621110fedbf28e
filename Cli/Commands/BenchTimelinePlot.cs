using RedisHa.Lab.Bench;
using RedisHa.Lab.Clients;
using ScottPlot;

namespace RedisHa.Cli.Commands;

/// <summary>
/// The timeline of one failover trial as a PNG: each client's writes (acknowledged, refused, and the
/// time a slow or failed write waited), what each sentinel named and where each HAProxy routed over
/// time, with vertical lines at the fault and at each switch to the new master.
/// </summary>
internal static class BenchTimelinePlot
{
    private static readonly Color Accepted = Color.FromHex("#2ca02c");
    private static readonly Color Refused = Color.FromHex("#d62728");
    private static readonly Color Nothing = Color.FromHex("#c7c7c7");
    private static readonly Color[] NodeColors = [Color.FromHex("#1f77b4"), Color.FromHex("#9467bd"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2")];

    private static readonly (string Client, string Label)[] Clients =
    [
        (EndpointWorkload.SeRedisRetry, "writes: retry-once client"),
        (EndpointWorkload.SeRedis, "writes: SE.Redis, 1 s timeout"),
        (EndpointWorkload.Raw, "writes: raw connection"),
    ];

    public static void Save(FailoverTrial trial, string path, int width = 1500, int height = 760)
    {
        var plot = new Plot();
        double Seconds(TimeSpan t) => (t - trial.FaultAt).TotalSeconds;
        var end = trial.Writes.Count > 0 ? trial.Writes.Max(w => Seconds(w.SentAt + w.Took)) : 1;
        var start = trial.Writes.Count > 0 ? trial.Writes.Min(w => Seconds(w.SentAt)) : -1;

        // Lanes from the top: the clients, then each sentinel, then each proxy.
        var nodes = trial.History.Count > 0 ? trial.History[0].Nodes.Count : 0;
        var proxies = trial.History.Count > 0 ? trial.History[0].Proxies.Count : 0;
        var lanes = new List<(double Y, string Label)>();
        var y = nodes + proxies + Clients.Length + 1.0;
        foreach (var (client, label) in Clients)
        {
            DrawWrites(plot, trial.Writes.Where(w => w.Client == client).ToList(), y, Seconds);
            lanes.Add((y, label));
            y--;
        }
        y--;
        for (var n = 0; n < nodes; n++, y--)
        {
            var ordinal = n;
            DrawStates(plot, trial, y, end, v => v.Nodes[ordinal].SentinelAlive ? Ordinal(v, v.Nodes[ordinal].SentinelNames) : null, Seconds);
            lanes.Add((y, $"sentinel of node-{n} names"));
        }
        for (var p = 0; p < proxies; p++, y--)
        {
            var index = p;
            DrawStates(plot, trial, y, end, v => v.Proxies[index].RoutesTo.Count == 1 ? v.Proxies[index].RoutesTo[0] : null, Seconds);
            lanes.Add((y, $"proxy-{p} routes to"));
        }

        DrawMoments(plot, trial);

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (laneY, label) in lanes) ticks.AddMajor(laneY, label);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimits(start - 0.2, end + 0.2, y + 0.3, nodes + proxies + Clients.Length + 1.8);
        plot.XLabel("seconds after the fault");
        plot.Title($"redis-ha failover timeline: profile {trial.Profile}, {FailoverTable.Mode(trial.Mode)} node-{trial.OldMaster}, new master node-{trial.NewMaster} " +
                   $"(retry-once client unavailable {trial.UnavailabilityMs(EndpointWorkload.SeRedisRetry) / 1000:0.00} s, all nodes agree after {trial.AgreementMs / 1000:0.00} s)");
        plot.Axes.Title.Label.FontSize = 15;

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "write acknowledged", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = Accepted, MarkerLineColor = Accepted, MarkerSize = 7 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "write refused (bar: how long it waited)", MarkerShape = MarkerShape.Eks, MarkerLineColor = Refused, MarkerSize = 8, LineColor = Refused, LineWidth = 3 });
        for (var n = 0; n < nodes; n++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"node-{n}", LineColor = NodeColors[n % NodeColors.Length], LineWidth = 8 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "nobody / no answer", LineColor = Nothing, LineWidth = 8 });
        plot.Legend.FontSize = 12;
        plot.ShowLegend(Edge.Right); // outside the data area: the lanes span the whole width
        plot.SavePng(path, width, height);
    }

    private static void DrawWrites(Plot plot, IReadOnlyList<WriteRecord> writes, double y, Func<TimeSpan, double> seconds)
    {
        // A write that waited long (a timeout, a stalled connection) is a bar as long as its wait.
        foreach (var w in writes.Where(w => w.Took > TimeSpan.FromMilliseconds(60)))
        {
            var bar = plot.Add.Line(seconds(w.SentAt), y, seconds(w.SentAt + w.Took), y);
            bar.LineColor = (w.Acknowledged ? Accepted : Refused).WithAlpha(0.55);
            bar.LineWidth = 5;
            bar.MarkerSize = 0;
        }
        var ok = writes.Where(w => w.Acknowledged).ToList();
        var failed = writes.Where(w => !w.Acknowledged).ToList();
        if (ok.Count > 0)
            plot.Add.Markers(ok.Select(w => seconds(w.SentAt + w.Took)).ToArray(), ok.Select(_ => y).ToArray(), MarkerShape.FilledCircle, 4, Accepted);
        if (failed.Count > 0)
            plot.Add.Markers(failed.Select(w => seconds(w.SentAt + w.Took)).ToArray(), failed.Select(_ => y).ToArray(), MarkerShape.Eks, 9, Refused);
    }

    /// <summary>A lane of coloured segments: which node a sentinel names or a proxy routes to, over time.</summary>
    private static void DrawStates(Plot plot, FailoverTrial trial, double y, double end, Func<ClusterView, int?> state, Func<TimeSpan, double> seconds)
    {
        var views = trial.History;
        for (var i = 0; i < views.Count; i++)
        {
            var from = seconds(views[i].At);
            var to = i + 1 < views.Count ? seconds(views[i + 1].At) : end;
            if (to <= from) continue;
            var value = state(views[i]);
            var segment = plot.Add.Line(from, y, to, y);
            segment.LineColor = value is { } node ? NodeColors[node % NodeColors.Length] : Nothing;
            segment.LineWidth = value is null ? 4 : 12;
            segment.MarkerSize = 0;
        }
    }

    private static int? Ordinal(ClusterView view, string? address) =>
        address is null ? null : view.Nodes.FirstOrDefault(n => n.Address == address)?.Ordinal;

    /// <summary>Vertical lines: the fault, the resume or end of a handover, each sentinel and proxy switching, agreement.</summary>
    private static void DrawMoments(Plot plot, FailoverTrial trial)
    {
        var styles = new Dictionary<string, (Color Color, LinePattern Pattern, string Legend)>
        {
            ["fault"] = (Colors.Black, LinePattern.Solid, "fault"),
            ["resume"] = (Colors.DimGray, LinePattern.Solid, "paused master resumed"),
            ["handover-done"] = (Colors.DimGray, LinePattern.Solid, "handover script returned"),
            ["sentinel"] = (Color.FromHex("#17becf"), LinePattern.Dashed, "a sentinel names the new master"),
            ["proxy-routes"] = (Color.FromHex("#ff7f0e"), LinePattern.Dashed, "an HAProxy routes to the new master"),
            ["agreed"] = (Accepted, LinePattern.Dotted, "every node agrees"),
        };
        var shown = new HashSet<string>();
        foreach (var e in trial.Events)
        {
            if (!styles.TryGetValue(e.Kind, out var style)) continue;
            var line = plot.Add.VerticalLine(e.AtMs / 1000, e.Kind == "fault" ? 2 : 1.5f, style.Color, style.Pattern);
            if (shown.Add(e.Kind)) line.LegendText = style.Legend;
        }
    }
}
