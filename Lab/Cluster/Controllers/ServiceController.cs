using System.Net;
using k8s.Models;
using RedisHa.Lab.Cluster.Kubelet;
using RedisHa.Lab.Cluster.Network;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>
/// Keeps the node's network in step with the objects and the pods: Service rules (kube-proxy),
/// cluster DNS records, and the firewall for NetworkPolicies and partitions. Each is rewritten only
/// when what it is made from changed.
/// </summary>
public sealed class ServiceController(ServiceProxy proxy, ClusterDns dns, PodFirewall firewall, Func<string, IPAddress?> clusterIp)
{
    private string? _routes;
    private string? _records;
    private string? _rules;

    public void Reconcile(ClusterObjects objects, IReadOnlyList<LabPod> pods, IReadOnlyList<Cut> cuts, IReadOnlyList<string> extraNamespaces)
    {
        var routes = Routes(objects, pods);
        var key = string.Join('\n', routes.Select(r => $"{r.ClusterIp}:{r.Port}>{string.Join(',', r.Endpoints)}"));
        if (key != _routes)
        {
            proxy.Apply(routes);
            _routes = key;
        }

        var records = Records(objects, pods);
        key = string.Join('\n', records.Select(r => $"{r.Name} {r.Address}"));
        if (key != _records)
        {
            dns.Update(records);
            _records = key;
        }

        var firewallPods = pods.Where(p => p.Network is not null && p.Phase != PodPhase.Terminated)
            .Select(p => new FirewallPod(p.Namespace, p.Name, p.Network!.Ip, p.Network.HostVeth, p.Labels)).ToList();
        var namespaces = NamespaceLabels(objects, pods, extraNamespaces);
        var policies = objects.NetworkPolicies.ToList();
        key = string.Join('\n', firewallPods.Select(p => $"{p.Namespace}/{p.Name} {p.Ip} {p.HostVeth} {string.Join(',', p.Labels.OrderBy(l => l.Key))}"))
              + "|" + string.Join(';', cuts.Select(c => $"{c.Pod}-{string.Join(',', c.From)}"))
              + "|" + string.Join(';', namespaces.Select(n => n.Key)) + "|" + policies.Count;
        if (key != _rules)
        {
            firewall.Apply(policies, firewallPods, namespaces, cuts);
            _rules = key;
        }
    }

    private List<ServiceRoute> Routes(ClusterObjects objects, IReadOnlyList<LabPod> pods) =>
    [
        .. from service in objects.Services
           let ip = clusterIp(Key(service))
           where ip is not null
           from port in service.Spec.Ports ?? []
           let endpoints = ServiceEndpoints.Of(service, pods).Select(p => ServiceEndpoints.Target(port, p)).OfType<IPEndPoint>().ToList()
           select new ServiceRoute($"{Key(service)}:{port.Port}", ip, port.Port, endpoints),
    ];

    /// <summary>
    /// As CoreDNS answers for cluster.local: a Service's name gives its ClusterIP, a headless
    /// Service's name its endpoints' addresses, and a pod with hostname and subdomain its own name.
    /// </summary>
    private List<DnsRecord> Records(ClusterObjects objects, IReadOnlyList<LabPod> pods)
    {
        var records = new List<DnsRecord>();
        foreach (var service in objects.Services)
        {
            var name = $"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc.{ClusterDns.Domain}";
            if (clusterIp(Key(service)) is { } ip) records.Add(new DnsRecord(name, ip));
            else records.AddRange(ServiceEndpoints.Of(service, pods).Select(p => new DnsRecord(name, p.Network!.Ip)));
        }
        foreach (var pod in pods.Where(p => p.Network is not null && p.Phase != PodPhase.Terminated && p.Spec.Subdomain is not null))
        {
            var governing = objects.Services.FirstOrDefault(s => s.Metadata.Name == pod.Spec.Subdomain && s.Metadata.NamespaceProperty == pod.Namespace);
            if (governing is null || !ServiceEndpoints.Of(governing, pods).Contains(pod)) continue;
            records.Add(new DnsRecord($"{pod.Spec.Hostname ?? pod.Name}.{pod.Spec.Subdomain}.{pod.Namespace}.svc.{ClusterDns.Domain}", pod.Network!.Ip));
        }
        return records;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels(ClusterObjects objects, IReadOnlyList<LabPod> pods, IReadOnlyList<string> extra)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var name in pods.Select(p => p.Namespace).Concat(extra).Concat(["default", "kube-system"]).Distinct())
            result[name] = new Dictionary<string, string> { [Blueprint.Kubernetes.Labels.NamespaceName] = name };
        foreach (var ns in objects.Namespaces)
        {
            var labels = new Dictionary<string, string>(ns.Metadata.Labels ?? new Dictionary<string, string>())
            {
                [Blueprint.Kubernetes.Labels.NamespaceName] = ns.Metadata.Name,
            };
            result[ns.Metadata.Name] = labels;
        }
        return result;
    }

    public static string Key(V1Service service) => $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
}
