namespace RedisHa.Blueprint.Options;

/// <summary>Where Redis keeps its data: a PersistentVolumeClaim per pod, or an emptyDir when disabled.</summary>
public sealed record PersistenceOptions
{
    public bool Enabled { get; init; } = true;
    public string Size { get; init; } = "1Gi";
    /// <summary>Null uses the cluster's default StorageClass.</summary>
    public string? StorageClass { get; init; }
}
