namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>What the kubelet reports of one container (kubectl get pod -o yaml's containerStatuses).</summary>
public sealed record ContainerStatus(string Name, bool Running, bool Started, bool Ready, int Restarts, int? LastExitCode, string? Id);
