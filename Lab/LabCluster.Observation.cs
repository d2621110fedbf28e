using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Observation;
using StackExchange.Redis;

namespace RedisHa.Lab;

/// <summary>What a lab is doing: roles, the sentinels' view, the proxies' routes, and waiting for a state.</summary>
public sealed partial class LabCluster
{
    public Task<string?> RoleAsync(int ordinal) => RedisProbe.RoleAsync(Nodes[ordinal].Address, RedisHaSpec.RedisPort, Password, Tls);

    public Task<string?> SentinelMasterAsync(int ordinal) =>
        RedisProbe.SentinelMasterAsync(Nodes[ordinal].Address, RedisHaSpec.SentinelPort, Password, Spec.MasterName, Tls);

    /// <summary>The node that a quorum of sentinels names and that answers role master; null if none.</summary>
    public async Task<int?> FindMasterAsync()
    {
        var named = (await Task.WhenAll(Nodes.Select(n => SentinelMasterAsync(n.Ordinal)))).Where(a => a is not null)
            .GroupBy(a => a).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (named is null || named.Count() < Spec.Quorum) return null;
        var ordinal = Addresses.Nodes.ToList().IndexOf(named.Key!);
        return ordinal >= 0 && await RoleAsync(ordinal) == "master" ? ordinal : null;
    }

    public async Task<LabStatus> StatusAsync()
    {
        var nodes = await Task.WhenAll(Nodes.Select(async n => new NodeStatus(
            n.Ordinal, n.Address, await RoleAsync(n.Ordinal), await SentinelMasterAsync(n.Ordinal),
            NodeProcesses.Where(p => Process($"{n.Key}/{p}")?.IsAlive == true).ToList(),
            _state.Partitioned.Contains(n.Ordinal),
            Process($"{n.Key}/redis")?.IsStopped == true)));
        var routes = HaproxyRoute.All(Spec.Replicas, Spec.Quorum);
        var proxies = await Task.WhenAll(Proxies.Select(async p =>
        {
            var up = await HaproxyAdmin.RouteStatusAsync(p.AdminSocket);
            var routed = up is null ? [] : routes.Where(r => up.GetValueOrDefault(r.Backend) == "UP").Select(r => r.Node).Distinct().ToList();
            return new ProxyStatus(p.Index, p.Address, Process(p.Key)?.IsAlive == true, routed);
        }));
        return new LabStatus(nodes, proxies);
    }

    /// <summary>Polls until one node is master with every other node attached and in sync.</summary>
    public async Task WaitForReplicationAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, "replication to start", async () =>
        {
            var roles = await Task.WhenAll(Nodes.Select(n => RoleAsync(n.Ordinal)));
            if (roles.Count(r => r == "master") != 1) return false;
            var master = Array.IndexOf(roles, "master");
            var info = await RedisProbe.InfoAsync(Nodes[master].Address, RedisHaSpec.RedisPort, Password, "replication", Tls);
            return info is not null && info.Keys.Count(k => k.StartsWith("slave", StringComparison.Ordinal) && info[k].Contains("state=online")) == Nodes.Count - 1;
        });
    }

    /// <summary>
    /// Polls until every sentinel knows every replica and every other sentinel, and agrees on the
    /// master: only then can the lab survive a fault the way a long-running deployment would.
    /// </summary>
    public async Task WaitForSettledAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, "the sentinels to settle", async () =>
        {
            if (await FindMasterAsync() is null) return false;
            foreach (var node in Nodes)
            {
                var reply = await RedisProbe.ExecuteAsync(node.Address, RedisHaSpec.SentinelPort, Password, Tls, CommandMap.Sentinel, "SENTINEL", "MASTER", Spec.MasterName);
                if (reply is null || reply.Resp2Type != ResultType.Array) return false;
                var fields = reply.ToDictionary();
                if ((string?)fields.GetValueOrDefault("num-slaves") != (Nodes.Count - 1).ToString() ||
                    (string?)fields.GetValueOrDefault("num-other-sentinels") != (Nodes.Count - 1).ToString())
                    return false;
            }
            return true;
        });
    }

    private static Task PollAsync(TimeSpan timeout, CancellationToken cancel, string what, Func<Task<bool>> condition) =>
        PollAsync(timeout, cancel, what, async () => await condition() ? null : "", interval: TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// Polls until <paramref name="unsettled"/> answers null; on timeout the exception says what
    /// was still not as wanted (its last answer).
    /// </summary>
    internal static async Task PollAsync(TimeSpan timeout, CancellationToken cancel, string what, Func<Task<string?>> unsettled, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await unsettled() is { } reason)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{(reason.Length > 0 ? $" ({reason})" : "")}");
            await Task.Delay(interval, cancel);
        }
    }

    /// <summary>Polls until a SET through the endpoint succeeds.</summary>
    public async Task WaitForWritableEndpointAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancel.ThrowIfCancellationRequested();
            var reply = await RedisProbe.ExecuteAsync(Addresses.Endpoint, RedisHaSpec.EndpointPort, Password, Tls, "SET", "redis-ha:lab:probe", DateTime.UtcNow.ToString("O"));
            if (reply is not null && (string?)reply == "OK") return;
            last = reply?.ToString() ?? "no answer";
            await Task.Delay(200, cancel);
        }
        throw new TimeoutException($"the endpoint {Endpoint} did not accept a write within {timeout.TotalSeconds:0} s (last: {last}); see the logs in {Directory}");
    }

    /// <summary>Polls until a connection through the read endpoint reaches a replica.</summary>
    public async Task WaitForReadEndpointAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await PollAsync(timeout, cancel, $"the read endpoint {ReadEndpoint} to reach a replica", async () =>
            await RedisProbe.RoleAsync(Addresses.Endpoint, RedisHaSpec.ReadEndpointPort, Password, Tls) == "slave");
    }
}
