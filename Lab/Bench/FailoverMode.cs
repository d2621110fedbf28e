namespace RedisHa.Lab.Bench;

/// <summary>How the master is taken away in a failover trial.</summary>
public enum FailoverMode
{
    /// <summary>SIGKILL the master pod's redis container: a crashed server; the kubelet restarts it.</summary>
    Kill,

    /// <summary>Freeze the master pod's redis container for down-after + a few seconds: a stalled VM that comes back.</summary>
    Pause,

    /// <summary>The master pod's pre-stop handover (as on a pod deletion or rolling update), without deleting the pod.</summary>
    Planned,
}
