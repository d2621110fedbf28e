namespace RedisHa.Blueprint.Options;

/// <summary>Requests and limits per container kind.</summary>
public sealed record ResourcesOptions
{
    public ContainerResources Redis { get; init; } = new("100m", "128Mi", null, "512Mi");
    public ContainerResources Sentinel { get; init; } = new("20m", "32Mi", null, "64Mi");
    public ContainerResources Haproxy { get; init; } = new("50m", "32Mi", null, "128Mi");
}
