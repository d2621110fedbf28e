using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>
/// The StatefulSet controller: pods &lt;name&gt;-0..N-1 with stable names and one claim folder per pod
/// and claim template, recreated when deleted (unless held); scale-down from the highest ordinal;
/// a rolling update replaces one pod at a time from the highest ordinal, each only once every pod
/// is Ready again.
/// </summary>
public sealed class StatefulSetController(IPodStore store)
{
    public void Reconcile(V1StatefulSet set)
    {
        var ns = set.Metadata.NamespaceProperty;
        var name = set.Metadata.Name;
        var replicas = set.Spec.Replicas ?? 1;
        var revision = TemplateRevision.Of(set.Spec.Template);
        var ownerKey = $"StatefulSet/{name}";
        var pods = store.Owned(ownerKey);
        var parallel = set.Spec.PodManagementPolicy == "Parallel";

        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            var podName = $"{name}-{ordinal}";
            if (pods.Any(p => p.Name == podName) || store.IsHeld(podName)) continue;
            // OrderedReady: a pod only once every lower ordinal is Ready.
            if (!parallel && pods.Any(p => p.Owner.Ordinal < ordinal && !p.Ready)) break;
            var claims = (set.Spec.VolumeClaimTemplates ?? []).ToDictionary(
                c => c.Metadata.Name, c => store.ClaimDirectory($"{c.Metadata.Name}-{podName}"));
            var labels = new Dictionary<string, string>
            {
                [Labels.StatefulSetPodName] = podName,
                ["controller-revision-hash"] = $"{name}-{revision}",
            };
            store.Create(ns, podName, WithStableNetworkIdentity(set, podName), new PodOwner("StatefulSet", name, revision, ordinal, labels), claims);
            if (!parallel) return;
        }

        // Scale-down from the highest ordinal; OrderedReady deletes the next only once the one before
        // has terminated (a removed master hands over in its pre-stop hook, which the next one must not overlap).
        if (!parallel && pods.Any(p => p.IsTerminating)) return;
        foreach (var extra in pods.Where(p => p.Owner.Ordinal >= replicas && !p.IsTerminating).OrderByDescending(p => p.Owner.Ordinal))
        {
            store.Delete(extra);
            if (!parallel) return;
        }

        if (set.Spec.UpdateStrategy?.Type == "OnDelete") return;
        // One pod at a time, from the highest ordinal, and only with every pod of the set Ready.
        var current = store.Owned(ownerKey);
        if (current.Count < replicas || current.Any(p => p.IsTerminating || !p.Ready)) return;
        var stale = current.Where(p => p.Owner.Revision != revision).OrderByDescending(p => p.Owner.Ordinal).FirstOrDefault();
        if (stale is not null) store.Delete(stale);
    }

    /// <summary>A StatefulSet's pods are named hosts under its governing Service: hostname = pod name, subdomain = serviceName.</summary>
    private static V1PodTemplateSpec WithStableNetworkIdentity(V1StatefulSet set, string podName)
    {
        var template = k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(k8s.KubernetesJson.Serialize(set.Spec.Template));
        template.Spec.Hostname = podName;
        template.Spec.Subdomain = set.Spec.ServiceName;
        return template;
    }
}
