using System.Text;
using RedisHa.Lab.Node.Network;
using RedisHa.Lab.Processes;

namespace RedisHa.Lab.Cluster.Network;

/// <summary>
/// Cluster DNS: dnsmasq in the node namespace on the DNS Service address, authoritative for
/// cluster.local, answering from a hosts file that <see cref="Update"/> rewrites (SIGHUP re-reads it).
/// Names it does not know are NXDOMAIN; nothing is forwarded off the machine.
/// </summary>
public sealed class ClusterDns(NodeNetwork node, string directory)
{
    public const string Domain = "cluster.local";

    /// <summary>
    /// Seconds a pod may cache an answer: short, so a Service's new address shows within seconds, as
    /// the lab's scenarios need (CoreDNS's default is 30).
    /// </summary>
    public const int TtlSeconds = 2;

    private readonly Lock _update = new();

    public string HostsFile => HostsFileIn(directory);
    public string PidFile => PidFileIn(directory);
    public string LogFile => LogFileIn(directory);

    /// <summary>Starts dnsmasq, unless the one this folder's pid file names is still running (a later process of the same lab).</summary>
    public void Start()
    {
        if (RunningPid() is not null) return;
        Directory.CreateDirectory(directory);
        if (!File.Exists(HostsFile)) File.WriteAllText(HostsFile, "");
        // dnsmasq forks into the background itself once its socket is bound, so a non-zero exit here
        // means it could not serve (address missing, port taken).
        HostCommand.Run(DnsmasqCommand(node.Plan, directory));
    }

    /// <summary>The command line, with every setting given, so no configuration of the host's own dnsmasq applies.</summary>
    public static string[] DnsmasqCommand(LabNetworkPlan plan, string directory) =>
    [
        "ip", "netns", "exec", plan.NodeNamespace, "dnsmasq",
        "--conf-file=/dev/null",
        "--no-resolv", // no upstream servers: nothing is forwarded anywhere
        "--no-hosts",
        "--no-poll",
        $"--addn-hosts={HostsFileIn(directory)}",
        $"--listen-address={plan.DnsIp}",
        "--bind-interfaces",
        $"--local=/{Domain}/",
        "--domain-needed",
        $"--local-ttl={TtlSeconds}",
        "--no-negcache",
        $"--pid-file={PidFileIn(directory)}",
        $"--log-facility={LogFileIn(directory)}",
        // Stays root: the hosts file and the log live in the lab's folder, which 'nobody' may not read.
        "--user=root",
        "--group=root",
    ];

    private static string HostsFileIn(string directory) => Path.Combine(directory, "cluster-dns.hosts");
    private static string PidFileIn(string directory) => Path.Combine(directory, "cluster-dns.pid");
    private static string LogFileIn(string directory) => Path.Combine(directory, "cluster-dns.log");

    /// <summary>Rewrites the hosts file atomically and tells dnsmasq to re-read it, only when something changed.</summary>
    public void Update(IReadOnlyList<DnsRecord> records)
    {
        lock (_update)
        {
            var text = HostsText(records);
            if (File.Exists(HostsFile) && File.ReadAllText(HostsFile) == text) return;
            var temporary = HostsFile + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, HostsFile, overwrite: true);
            if (RunningPid() is { } pid) PosixSignals.Send(pid, PosixSignals.SigHup);
        }
    }

    /// <summary>The hosts file: one line per address and name, sorted so equal records give equal text.</summary>
    public static string HostsText(IReadOnlyList<DnsRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Address.ToString(), StringComparer.Ordinal))
            text.Append(record.Address).Append(' ').Append(record.Name.TrimEnd('.')).Append('\n');
        return text.ToString();
    }

    /// <summary>Stops dnsmasq (from its pid file, so a later process can stop what an earlier one started).</summary>
    public void Stop()
    {
        if (RunningPid() is { } pid)
        {
            PosixSignals.Send(pid, PosixSignals.SigTerm);
            var deadline = DateTime.UtcNow.AddSeconds(3);
            while (IsDnsmasq(pid) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            if (IsDnsmasq(pid)) PosixSignals.Send(pid, PosixSignals.SigKill);
        }
        File.Delete(PidFile);
    }

    /// <summary>The pid from the pid file, if that process is still a dnsmasq (a pid can be reused after a crash).</summary>
    private int? RunningPid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) && IsDnsmasq(pid) ? pid : null;

    private static bool IsDnsmasq(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "dnsmasq";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
