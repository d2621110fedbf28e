namespace RedisHa.Check;

/// <summary>
/// The sentinels: each must name a master it considers up, all must name the same one, and that node
/// must answer role:master and be the node behind the endpoint. Sentinels name announced in-cluster
/// addresses, which are unreachable through kubectl port-forward; then the named node cannot be
/// asked directly, and the check says so as a warning.
/// </summary>
internal sealed class SentinelCheck(CheckRequest request, IRedisConnector connector, CheckReport report)
{
    /// <summary>Flags of <c>SENTINEL master</c> that mean the sentinel cannot see a working master.</summary>
    private static readonly string[] DownFlags = ["s_down", "o_down", "disconnected"];

    private static readonly IReadOnlyDictionary<string, string> NoState = new Dictionary<string, string>();

    public async Task RunAsync(EndpointFindings? endpoint, CancellationToken cancel)
    {
        // Asked all at once, so unreachable sentinels cost one timeout, not one each.
        var views = await Task.WhenAll(request.Sentinels.Select(s => AskAsync(s, cancel)));
        foreach (var view in views) ReportSentinel(view, views.Length, endpoint);

        var named = views.Where(v => v.NamedMaster is not null).GroupBy(v => v.NamedMaster!.Value).ToList();
        if (named.Count == 0) return; // every sentinel's failure is reported above
        if (named.Count > 1)
        {
            report.Fail("agree", "the sentinels disagree about the master: " +
                string.Join("; ", named.Select(g => $"{string.Join(", ", g.Select(v => v.Sentinel))} name{(g.Count() == 1 ? "s" : "")} {g.Key}")));
            return;
        }
        var master = named[0].Key;
        report.Ok("agree", Agreement(named[0].Count(), views.Length, master));
        await ConfirmMasterAsync(master, endpoint, cancel);
    }

    private static string Agreement(int agreeing, int given, RedisAddress master) =>
        agreeing < given ? $"the {agreeing} sentinels that answered name {master}"
        : agreeing == 1 ? $"the sentinel names {master}"
        : $"all {agreeing} sentinels name {master}";

    private async Task<SentinelView> AskAsync(RedisAddress sentinel, CancellationToken cancel)
    {
        try
        {
            await using var node = await BoundedCall.RunAsync(connector.ConnectSentinelAsync(sentinel, cancel), request.Timeout, cancel);
            var named = await BoundedCall.RunAsync(node.MasterAddressAsync(request.MasterName), request.Timeout, cancel);
            if (named is null) return new SentinelView(sentinel, null, NoState, $"knows no master named '{request.MasterName}' (see --master-name)");
            var state = await BoundedCall.RunAsync(node.MasterStateAsync(request.MasterName), request.Timeout, cancel);
            return new SentinelView(sentinel, named, state, null);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            return new SentinelView(sentinel, null, NoState, FailureText.Describe(e, request));
        }
    }

    private void ReportSentinel(SentinelView view, int given, EndpointFindings? endpoint)
    {
        if (view.Problem is not null)
        {
            report.Fail("sentinel", $"{view.Sentinel}: {view.Problem}");
            return;
        }
        var text = $"{view.Sentinel} names {view.NamedMaster} (flags {string.Join(',', view.Flags)}, " +
                   $"{view.KnownReplicas?.ToString() ?? "?"} replicas, {view.OtherSentinels?.ToString() ?? "?"} other sentinels)";
        if (view.Flags.Intersect(DownFlags).Any()) report.Fail("sentinel", $"{text}: it sees that master as down");
        else if (view.Flags.Any(f => f != "master")) report.Warn("sentinel", $"{text}: a failover may be under way");
        else report.Ok("sentinel", text);

        if (view.OtherSentinels is { } others && others < given - 1)
            report.Warn("sentinel", $"{view.Sentinel} knows only {others} other sentinel{(others == 1 ? "" : "s")}, {given - 1} others were given: it may not gather a quorum");
        if (endpoint is { Replication.IsMaster: true } && view.KnownReplicas is { } known)
        {
            // Sentinel keeps a replica it has lost (flagged down) until it is reset; more known than online is worth a look.
            var online = endpoint.Replication.Replicas.Count(r => r.Online);
            if (known != online) report.Warn("sentinel", $"{view.Sentinel} knows {known} replicas, the endpoint's master has {online} online");
        }
    }

    private async Task ConfirmMasterAsync(RedisAddress master, EndpointFindings? endpoint, CancellationToken cancel)
    {
        if (endpoint is not null && endpoint.Replication.Replicas.Any(r => r.Address == master))
        {
            report.Fail("master", $"the sentinels name {master}, but the endpoint's master lists {master} as its replica: the endpoint and the sentinels disagree");
            return;
        }
        IRedisNode node;
        try
        {
            node = await BoundedCall.RunAsync(connector.ConnectAsync(master, cancel), request.Timeout, cancel);
        }
        catch (RedisCallException e) when (e.Failure == RedisCallFailure.Unreachable && !cancel.IsCancellationRequested)
        {
            report.Warn("master", $"{master} cannot be reached from here ({e.Message}), so its role was not asked directly; " +
                                  "expected through kubectl port-forward, where the sentinels name in-cluster addresses");
            return;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            report.Fail("master", $"{master}, named by the sentinels, does not answer properly: {FailureText.Describe(e, request)}");
            return;
        }
        await using (node)
        {
            ReplicationInfo replication;
            string? runId;
            try
            {
                replication = ReplicationInfo.From(await BoundedCall.RunAsync(node.InfoAsync("replication"), request.Timeout, cancel));
                runId = (await BoundedCall.RunAsync(node.InfoAsync("server"), request.Timeout, cancel)).GetValueOrDefault("run_id");
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                report.Fail("master", $"{master}, named by the sentinels: INFO failed: {FailureText.Describe(e, request)}");
                return;
            }
            if (!replication.IsMaster)
                report.Fail("master", $"the sentinels name {master}, but it answers role:{replication.Role}");
            else if (endpoint?.RunId is null)
                report.Ok("master", $"{master} answers role:master (run_id {RunIds.Short(runId)})");
            else if (runId != endpoint.RunId)
                report.Fail("master", $"the sentinels name {master} (run_id {RunIds.Short(runId)}), but the endpoint reaches another node (run_id {RunIds.Short(endpoint.RunId)})");
            else
                report.Ok("master", $"{master} answers role:master and is the node behind the endpoint (run_id {RunIds.Short(runId)})");
        }
    }
}
