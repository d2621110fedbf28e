namespace RedisHa.Blueprint.Options;

/// <summary>Kubernetes quantities; a null entry is left out of the container spec.</summary>
public sealed record ContainerResources(string? RequestCpu, string? RequestMemory, string? LimitCpu, string? LimitMemory);
