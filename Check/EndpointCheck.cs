using System.Diagnostics;

using RedisHa.Blueprint.Options;

namespace RedisHa.Check;

/// <summary>
/// The endpoint applications use: it must reach a master that takes a write and reads it back, and
/// that master's replicas must be attached.
/// </summary>
internal sealed class EndpointCheck(CheckRequest request, IRedisConnector connector, CheckReport report)
{
    /// <summary>
    /// The default minReplicasMaxLag: a replica whose last acknowledgement (sent every second, so a
    /// healthy lag is 0 or 1) is older no longer counts for min-replicas-to-write, and with too few
    /// that do the master refuses writes.
    /// </summary>
    public static readonly long LagWarningSeconds = new RedisHaOptions().MinReplicasMaxLag;

    public const string KeyPrefix = "redis-ha:check:";

    /// <summary>A check interrupted between SET and DEL leaves its key behind for a minute at most.</summary>
    private static readonly TimeSpan KeyExpiry = TimeSpan.FromMinutes(1);

    public async Task<EndpointFindings?> RunAsync(CancellationToken cancel)
    {
        IRedisNode node;
        try
        {
            node = await BoundedCall.RunAsync(connector.ConnectAsync(request.Endpoint, cancel), request.Timeout, cancel);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            report.Fail("connect", $"endpoint {request.Endpoint}: {FailureText.Describe(e, request)}");
            return null;
        }
        await using (node)
        {
            report.Ok("connect", $"endpoint {request.Endpoint} ({AuthNote()})");
            IReadOnlyDictionary<string, string> server;
            ReplicationInfo replication;
            try
            {
                server = await Bounded(node.InfoAsync("server"), cancel);
                replication = ReplicationInfo.From(await Bounded(node.InfoAsync("replication"), cancel));
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                report.Fail("role", $"INFO through the endpoint failed: {FailureText.Describe(e, request)}");
                return null;
            }
            var findings = new EndpointFindings(server.GetValueOrDefault("run_id"), replication);
            if (!replication.IsMaster)
            {
                // A write would only earn READONLY, so it is not tried.
                report.Fail("role", $"the endpoint reaches a node with role:{replication.Role}, not the master{Following(replication)}");
                return findings;
            }
            report.Ok("role", $"the endpoint reaches a master (redis {server.GetValueOrDefault("redis_version") ?? "?"}, run_id {RunIds.Short(findings.RunId)})");
            await WriteAndReadAsync(node, cancel);
            ReportReplicas(replication);
            return findings;
        }
    }

    private async Task WriteAndReadAsync(IRedisNode node, CancellationToken cancel)
    {
        var key = KeyPrefix + Guid.NewGuid().ToString("N");
        var value = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        try
        {
            await Bounded(node.SetAsync(key, value, KeyExpiry), cancel);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            report.Fail("write", $"SET through the endpoint failed: {FailureText.Describe(e, request)}");
            return;
        }
        string? read;
        try
        {
            read = await Bounded(node.GetAsync(key), cancel);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            report.Fail("read", $"GET of the key just written failed: {FailureText.Describe(e, request)}");
            return;
        }
        if (read != value)
        {
            report.Fail("read", $"GET right after SET returned {(read is null ? "nothing" : "another value")} for {key}");
            return;
        }
        report.Ok("write", $"SET and GET of {key} through the endpoint in {clock.ElapsedMilliseconds} ms");
        try
        {
            await Bounded(node.DeleteAsync(key), cancel);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            report.Warn("write", $"DEL of {key} failed ({FailureText.Describe(e, request)}); it expires within {SecondsText.Of(KeyExpiry)}");
        }
    }

    private void ReportReplicas(ReplicationInfo replication)
    {
        foreach (var replica in replication.Replicas)
        {
            var behind = Math.Max(0, replication.MasterOffset - replica.Offset);
            var text = $"{replica.Address} {replica.State}, lag {replica.LagSeconds} s, {behind} bytes behind";
            if (!replica.Online) report.Warn("replica", $"{text}: not in sync yet");
            else if (replica.LagSeconds > LagWarningSeconds) report.Warn("replica", $"{text}: lagging more than {LagWarningSeconds} s");
            else report.Ok("replica", text);
        }
        var online = replication.Replicas.Count(r => r.Online);
        if (request.ExpectedReplicas is { } expected)
        {
            if (online >= expected) report.Ok("replicas", $"{online} online, {expected} expected");
            else report.Fail("replicas", $"only {online} replica{(online == 1 ? "" : "s")} online, {expected} expected");
        }
        else if (online == 0)
        {
            report.Warn("replicas", "no replica online: a failover has nothing to promote (--expect-replicas N makes this a failure)");
        }
        else
        {
            report.Ok("replicas", $"{online} online");
        }
    }

    private string AuthNote() => request.HasPassword
        ? $"AUTH with the password from ${request.PasswordVariable}"
        : $"no AUTH: ${request.PasswordVariable} is not set";

    private static string Following(ReplicationInfo replication) =>
        replication.MasterHost is null ? "" : $" (it follows {replication.MasterHost}:{replication.MasterPort}, link {replication.MasterLinkStatus ?? "?"})";

    private Task<T> Bounded<T>(Task<T> call, CancellationToken cancel) => BoundedCall.RunAsync(call, request.Timeout, cancel);

    private Task Bounded(Task call, CancellationToken cancel) => BoundedCall.RunAsync(call, request.Timeout, cancel);
}
