namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>Where a pod is in its life on the lab's node.</summary>
public enum PodPhase
{
    /// <summary>Created; network, volumes, sandbox or init containers not done yet.</summary>
    Pending,
    Running,
    /// <summary>Deleted: pre-stop hooks and the grace period are running.</summary>
    Terminating,
    /// <summary>Every container has exited and the pod's network and volumes are gone.</summary>
    Terminated,
}
