using k8s.Models;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>The pods of the lab as controllers see them: list, create, delete (the API server's part of a cluster).</summary>
public interface IPodStore
{
    /// <summary>The pods of one owner that are not gone yet (terminating ones included).</summary>
    IReadOnlyList<LabPod> Owned(string ownerKey);

    LabPod Create(string ns, string name, V1PodTemplateSpec template, PodOwner owner, IReadOnlyDictionary<string, string> claims);

    /// <summary>Starts a graceful deletion (pre-stop, grace period) and returns at once.</summary>
    void Delete(LabPod pod);

    /// <summary>A held pod is not recreated, as on a node that is down.</summary>
    bool IsHeld(string podName);

    /// <summary>The folder of a volume claim (it outlives every pod that mounts it).</summary>
    string ClaimDirectory(string claimName);
}
