namespace RedisHa.Blueprint.Spec;

/// <summary>
/// The label keys redis-ha sets on every object it renders. They live with the spec, not in the
/// Kubernetes layer, because validation refuses user-given labels that would override them.
/// </summary>
public static class OwnLabels
{
    public const string AppName = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public static readonly IReadOnlyList<string> All = [AppName, Instance, Component, ManagedBy];
}
