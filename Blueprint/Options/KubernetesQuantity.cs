namespace RedisHa.Blueprint.Options;

/// <summary>Kubernetes quantities (500m, 1.5, 512Mi, 1G) as numbers, by KubernetesClient's own parser.</summary>
public static class KubernetesQuantity
{
    /// <summary>The value of a quantity (cores for 500m, bytes for 512Mi); null when it is not one.</summary>
    public static decimal? Value(string quantity)
    {
        try
        {
            return new k8s.Models.ResourceQuantity(quantity).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
