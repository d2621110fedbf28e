using System.Net;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Cluster.Kubelet;
using RedisHa.Check;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tls;
using StackExchange.Redis;

namespace RedisHa.Lab.Cluster;

/// <summary>What a pod lab is doing, as the host sees it through its Service forwards: roles, what each sentinel names, where each HAProxy routes.</summary>
public sealed partial class PodLab
{
    private TlsClient? _tls;

    /// <summary>The loopback address where the host reaches a Service of the release's namespace.</summary>
    public string HostAddress(string service) => Record.HostAddresses[$"{Spec.Namespace}/{service}"];

    /// <summary>A Service's ClusterIP: where a client on the lab's node (or in a pod) connects.</summary>
    public string ServiceIp(string service) => Record.ClusterIps[$"{Spec.Namespace}/{service}"];

    public string Endpoint => $"{HostAddress(Spec.Names.EndpointService)}:{RedisHaSpec.EndpointPort}";
    public string? ReadEndpoint => Spec.HasReadEndpoint ? $"{HostAddress(Spec.Names.ReadEndpointService)}:{RedisHaSpec.ReadEndpointPort}" : null;
    /// <summary>Each node's sentinel, through its announce Service.</summary>
    public IReadOnlyList<string> Sentinels => Enumerable.Range(0, Spec.Replicas).Select(i => $"{NodeHost(i)}:{RedisHaSpec.SentinelPort}").ToList();
    public string? CaFile => Spec.Tls ? Path.Combine(TlsDirectory, ThrowawayCa.CaFile) : null;

    /// <summary>With TLS, how the lab's own clients connect (the lab's CA; its certificate where clients must show one).</summary>
    public TlsClient? Tls => Spec.Tls
        ? _tls ??= Spec.Options.Tls.AuthClients
            ? new TlsClient(CaFile!, Path.Combine(TlsDirectory, ThrowawayCa.CertificateFile), Path.Combine(TlsDirectory, ThrowawayCa.KeyFile))
            : new TlsClient(CaFile!)
        : null;

    /// <summary>Where the host reaches node <paramref name="ordinal"/>'s Redis and Sentinel: its announce Service.</summary>
    public string NodeHost(int ordinal) => HostAddress(Spec.Names.AnnounceService(ordinal));

    /// <summary>The address node <paramref name="ordinal"/> announces (its announce Service's ClusterIP), as sentinels name it.</summary>
    public string NodeAnnounceIp(int ordinal) => ServiceIp(Spec.Names.AnnounceService(ordinal));

    public int? OrdinalOfAnnounced(string? ip) =>
        ip is null ? null : Enumerable.Range(0, Spec.Replicas).Select(i => (int?)i).FirstOrDefault(i => NodeAnnounceIp(i!.Value) == ip);

    /// <summary>
    /// Where the host reaches an address sentinels name: an announce Service's ClusterIP (which only
    /// the lab's node reaches) becomes the same Service's host forward; any other address stays.
    /// </summary>
    public RedisAddress HostRoute(RedisAddress address) =>
        OrdinalOfAnnounced(address.Host) is { } ordinal ? address with { Host = NodeHost(ordinal) } : address;

    /// <summary>
    /// `redis-ha check` of the lab, as README's "Check a deployment" runs it: through the endpoint,
    /// every sentinel, the lab's password and CA, expecting every other node as an online replica.
    /// </summary>
    public Task<CheckReport> CheckAsync(CancellationToken cancel = default)
    {
        var request = new CheckRequest
        {
            Endpoint = new RedisAddress(HostAddress(Spec.Names.EndpointService), RedisHaSpec.EndpointPort),
            Sentinels = [.. Enumerable.Range(0, Spec.Replicas).Select(i => new RedisAddress(NodeHost(i), RedisHaSpec.SentinelPort))],
            MasterName = Spec.MasterName,
            ExpectedReplicas = Spec.Replicas - 1,
            HasPassword = Password is not null,
        };
        return new DeploymentCheck(request, new StackExchangeRedisConnector(Password, request.Timeout, Tls, HostRoute)).RunAsync(cancel);
    }

    public Task<string?> RoleAsync(int ordinal) => RedisProbe.RoleAsync(NodeHost(ordinal), RedisHaSpec.RedisPort, Password, Tls);

    /// <summary>The ordinal of the node that node <paramref name="ordinal"/>'s sentinel names as master, or null.</summary>
    public async Task<int?> SentinelNamesAsync(int ordinal) =>
        OrdinalOfAnnounced(await RedisProbe.SentinelMasterAsync(NodeHost(ordinal), RedisHaSpec.SentinelPort, Password, Spec.MasterName, Tls));

    /// <summary>The node that a quorum of sentinels names and that answers role master; null if none.</summary>
    public async Task<int?> FindMasterAsync()
    {
        var named = (await Task.WhenAll(Enumerable.Range(0, Spec.Replicas).Select(SentinelNamesAsync))).Where(o => o is not null)
            .GroupBy(o => o!.Value).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (named is null || named.Count() < Spec.Quorum) return null;
        return await RoleAsync(named.Key) == "master" ? named.Key : null;
    }

    /// <summary>The pod of a StatefulSet ordinal, if it exists now.</summary>
    public LabPod? ServerPod(int ordinal) => Pods.FirstOrDefault(p => p.Name == Spec.Names.Pod(ordinal));

    public IReadOnlyList<LabPod> HaproxyPods => Pods.Where(p => p.Owner.Key == $"Deployment/{Spec.Names.HaproxyDeployment}").OrderBy(p => p.Name).ToList();

    /// <summary>The admin socket of an HAProxy pod, in its emptyDir run volume.</summary>
    public static string? AdminSocket(LabPod pod) =>
        pod.Volumes.TryGetValue("run", out var run) ? Path.Combine(run, "admin.sock") : null;

    /// <summary>The server ordinals an HAProxy pod routes to now; null when it does not answer.</summary>
    public async Task<IReadOnlyList<int>?> RoutesAsync(LabPod proxy)
    {
        if (AdminSocket(proxy) is not { } socket) return null;
        return await HaproxyAdmin.RoutedNodesAsync(socket, Spec.Replicas, Spec.Quorum);
    }

    /// <summary>
    /// Polls until every StatefulSet and Deployment pod is Ready, the sentinels agree on one master
    /// that knows every replica, every HAProxy routes to it, and a write through the endpoint
    /// succeeds: a lab handed over earlier could still be settling a start-up failover, with a
    /// second node briefly answering master, and an HAProxy pod is Ready (its process runs) before
    /// its first round of checks has approved the master, when it still refuses connections.
    /// </summary>
    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancel)
    {
        await Polling.UntilAsync(timeout, cancel, "every pod to be Ready", () => Task.FromResult(NotReady()), TimeSpan.FromMilliseconds(200));
        await WaitForSettledAsync(timeout, cancel);
        await Polling.UntilAsync(timeout, cancel, "exactly one node to answer master", async () =>
        {
            var roles = await Task.WhenAll(Enumerable.Range(0, Spec.Replicas).Select(RoleAsync));
            return roles.Count(r => r == "master") == 1 ? null : $"roles: {string.Join(", ", roles.Select(r => r ?? "none"))}";
        }, TimeSpan.FromMilliseconds(200));
        await Polling.UntilAsync(timeout, cancel, "every HAProxy to route to the master", async () =>
        {
            var master = await FindMasterAsync();
            if (master is null) return "no master";
            foreach (var proxy in HaproxyPods)
                if (await RoutesAsync(proxy) is not [var routed] || routed != master)
                    return $"{proxy.Name} does not route to {Spec.Names.Pod(master.Value)} alone";
            return null;
        }, TimeSpan.FromMilliseconds(200));
        await WaitForWritableEndpointAsync(timeout, cancel);
    }

    /// <summary>Null when every pod that should exist is Ready; else which are not.</summary>
    public string? NotReady()
    {
        var pods = Pods;
        var expected = Objects.StatefulSets.Sum(s => s.Spec.Replicas ?? 1) + Objects.Deployments.Sum(d => d.Spec.Replicas ?? 1);
        var notReady = pods.Where(p => !p.Ready).Select(p => p.Failure is null ? p.Name : $"{p.Name}: {p.Failure}").ToList();
        if (pods.Count(p => p.Ready && !p.IsTerminating) >= expected && notReady.Count == 0) return null;
        return notReady.Count > 0 ? "not ready: " + string.Join(", ", notReady) : $"{pods.Count} of {expected} pods";
    }

    /// <summary>Polls until every sentinel knows every replica and every other sentinel and a quorum names a master.</summary>
    public async Task WaitForSettledAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var others = (Spec.Replicas - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Polling.UntilAsync(timeout, cancel, "the sentinels to settle", async () =>
        {
            if (await FindMasterAsync() is null) return "no master";
            for (var i = 0; i < Spec.Replicas; i++)
            {
                var reply = await RedisProbe.ExecuteAsync(NodeHost(i), RedisHaSpec.SentinelPort, Password, Tls, CommandMap.Sentinel, "SENTINEL", "MASTER", Spec.MasterName);
                if (reply is null || reply.Resp2Type != ResultType.Array) return $"sentinel {i} does not answer";
                var fields = reply.ToDictionary();
                if ((string?)fields.GetValueOrDefault("num-slaves") != others || (string?)fields.GetValueOrDefault("num-other-sentinels") != others)
                    return $"sentinel {i} knows {(string?)fields.GetValueOrDefault("num-slaves")} replicas, {(string?)fields.GetValueOrDefault("num-other-sentinels")} sentinels";
            }
            return null;
        }, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Polls until a SET through the endpoint succeeds.</summary>
    public Task WaitForWritableEndpointAsync(TimeSpan timeout, CancellationToken cancel = default) =>
        Polling.UntilAsync(timeout, cancel, $"a write through the endpoint {Endpoint}", async () =>
        {
            var reply = await RedisProbe.ExecuteAsync(HostAddress(Spec.Names.EndpointService), RedisHaSpec.EndpointPort, Password, Tls, "SET", "redis-ha:lab:probe", DateTime.UtcNow.ToString("O"));
            return reply is not null && (string?)reply == "OK" ? null : reply?.ToString() ?? "no answer";
        }, TimeSpan.FromMilliseconds(100));
}
