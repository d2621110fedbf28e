using System.Security.Cryptography;
using k8s.Models;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>
/// The Deployment controller (with its ReplicaSets folded in): pods &lt;name&gt;-&lt;revision&gt;-&lt;random&gt;,
/// replaced when gone, and a rolling update bounded by maxSurge and maxUnavailable.
/// </summary>
public sealed class DeploymentController(IPodStore store)
{
    public void Reconcile(V1Deployment deployment)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var name = deployment.Metadata.Name;
        var replicas = deployment.Spec.Replicas ?? 1;
        var revision = TemplateRevision.Of(deployment.Spec.Template);
        var owner = new PodOwner("Deployment", name, revision, null, new Dictionary<string, string> { ["pod-template-hash"] = revision });
        var live = store.Owned(owner.Key).Where(p => !p.IsTerminating).ToList();
        var current = live.Where(p => p.Owner.Revision == revision).ToList();
        var old = live.Except(current).ToList();
        var rolling = deployment.Spec.Strategy?.Type != "Recreate";
        var surge = rolling ? Absolute(deployment.Spec.Strategy?.RollingUpdate?.MaxSurge, replicas, 1, roundUp: true) : 0;
        var unavailable = rolling ? Absolute(deployment.Spec.Strategy?.RollingUpdate?.MaxUnavailable, replicas, 1, roundUp: false) : replicas;
        if (surge == 0 && unavailable == 0) unavailable = 1;

        // Scale down the current revision first if it has too many.
        foreach (var extra in current.OrderBy(p => p.Ready).Skip(replicas)) store.Delete(extra);
        // New pods up to replicas, without exceeding replicas + maxSurge in total.
        var room = Math.Min(replicas - current.Count, replicas + surge - live.Count);
        for (var i = 0; i < room; i++) store.Create(ns, $"{name}-{revision}-{Suffix()}", deployment.Spec.Template, owner, new Dictionary<string, string>());
        // Old pods go while enough pods stay available: not-ready ones first.
        var available = live.Count(p => p.Ready);
        foreach (var pod in old.OrderBy(p => p.Ready))
        {
            if (pod.Ready && available - 1 < replicas - unavailable) break;
            store.Delete(pod);
            if (pod.Ready) available--;
        }
    }

    /// <summary>An absolute number or a percentage of replicas, as the Deployment's rolling update fields allow.</summary>
    private static int Absolute(IntOrString? value, int replicas, int fallback, bool roundUp)
    {
        if (value?.Value is not { } text) return fallback;
        if (!text.EndsWith('%')) return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var share = replicas * int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture) / 100.0;
        return (int)(roundUp ? Math.Ceiling(share) : Math.Floor(share));
    }

    private static string Suffix() => RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 5);
}
