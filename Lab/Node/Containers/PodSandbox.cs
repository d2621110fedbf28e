namespace RedisHa.Lab.Node.Containers;

/// <summary>A started sandbox: its runc id and the paths of the namespaces its containers join.</summary>
public sealed record PodSandbox(string Id, int Pid, string NetworkNamespacePath, string IpcNamespacePath, string UtsNamespacePath, string? PidNamespacePath)
{
    /// <summary>The pod's hostname (the containers' HOSTNAME); when unset, read from the /etc/hostname pod file.</summary>
    public string? Hostname { get; init; }
}
