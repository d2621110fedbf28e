namespace RedisHa.Lab.Bench;

/// <summary>How the master is taken away in a failover trial.</summary>
public enum FailoverMode
{
    /// <summary>SIGKILL the master's whole node (redis, sentinel, watcher): a crashed machine.</summary>
    Kill,

    /// <summary>SIGSTOP the master's redis for down-after + a few seconds: a stalled VM that comes back.</summary>
    Pause,

    /// <summary>The pre-stop handover of a pod deletion or rolling update.</summary>
    Planned,
}
