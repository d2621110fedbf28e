using System.Net;
using k8s.Models;
using RedisHa.Lab.Cluster.Kubelet;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>
/// The endpoints controller's rule: a Service's endpoints are the pods of its namespace that match
/// its selector, have an address and are Ready and not terminating; with publishNotReadyAddresses
/// every such pod with an address, terminating ones included (so a node keeps its announce address
/// while its pre-stop hook hands the master role over).
/// </summary>
public static class ServiceEndpoints
{
    public static IReadOnlyList<LabPod> Of(V1Service service, IEnumerable<LabPod> pods)
    {
        var selector = service.Spec.Selector;
        if (selector is null || selector.Count == 0) return [];
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        return pods
            .Where(p => p.Namespace == service.Metadata.NamespaceProperty && p.Network is not null && p.Phase != PodPhase.Terminated)
            .Where(p => selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
            .Where(p => publishNotReady ? p.Phase is PodPhase.Running or PodPhase.Terminating : p.Ready && !p.IsTerminating)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The pod-side end of a Service port: targetPort by number or by the name of a container port.</summary>
    public static IPEndPoint? Target(V1ServicePort port, LabPod pod)
    {
        var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!int.TryParse(target, out var number))
        {
            var named = pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target);
            if (named is null) return null;
            number = named.ContainerPort;
        }
        return new IPEndPoint(pod.Network!.Ip, number);
    }
}
