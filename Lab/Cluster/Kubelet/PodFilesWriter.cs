using System.Net;
using RedisHa.Lab.Cluster.Network;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>The files a kubelet writes for every container of a pod: /etc/hosts, /etc/resolv.conf and /etc/hostname.</summary>
public static class PodFilesWriter
{
    public static IReadOnlyList<PodFile> Write(string directory, string ns, string hostname, string? subdomain, IPAddress ip, IPAddress dns)
    {
        Directory.CreateDirectory(directory);
        var fqdn = subdomain is null ? null : $"{hostname}.{subdomain}.{ns}.svc.{ClusterDns.Domain}";
        var hosts = Path.Combine(directory, "hosts");
        File.WriteAllText(hosts, string.Join('\n',
        [
            "# Kubernetes-managed hosts file.",
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            fqdn is null ? $"{ip}\t{hostname}" : $"{ip}\t{fqdn}\t{hostname}",
            "",
        ]));
        // As a kubelet writes it for dnsPolicy ClusterFirst: the namespace's Services by short name,
        // and ndots:5, so a name with fewer dots walks the search list first.
        var resolv = Path.Combine(directory, "resolv.conf");
        File.WriteAllText(resolv, $"search {ns}.svc.{ClusterDns.Domain} svc.{ClusterDns.Domain} {ClusterDns.Domain}\nnameserver {dns}\noptions ndots:5\n");
        var name = Path.Combine(directory, "hostname");
        File.WriteAllText(name, hostname + "\n");
        return [new(hosts, "/etc/hosts"), new(resolv, "/etc/resolv.conf"), new(name, "/etc/hostname")];
    }
}
