using k8s.Models;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>Requests and limits of a container; an option left null is left out, so the cluster's defaults apply.</summary>
internal static class ContainerResourceRequirements
{
    public static V1ResourceRequirements? From(ContainerResources resources)
    {
        var requests = Quantities(("cpu", resources.RequestCpu), ("memory", resources.RequestMemory));
        var limits = Quantities(("cpu", resources.LimitCpu), ("memory", resources.LimitMemory));
        return requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    private static Dictionary<string, ResourceQuantity>? Quantities(params (string Name, string? Value)[] entries)
    {
        var present = entries.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => new ResourceQuantity(e.Value));
        return present.Count == 0 ? null : present;
    }
}
