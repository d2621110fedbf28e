namespace RedisHa.Lab.Cluster;

/// <summary>What the pod lab needs on this machine, checked before anything starts: one error naming everything missing and how to get it.</summary>
public static class LabPrerequisites
{
    private static readonly (string Program, string Package)[] Programs =
    [
        ("runc", "runc"), ("catatonit", "catatonit"), ("ip", "iproute2"), ("iptables", "iptables"), ("iptables-restore", "iptables"),
        ("dnsmasq", "dnsmasq-base"), ("busybox", "busybox"), ("getent", "libc-bin"), ("redis-server", "redis-server"),
        ("redis-sentinel", "redis-sentinel"), ("redis-cli", "redis-tools"), ("haproxy", "haproxy"), ("openssl", "openssl"),
    ];

    /// <summary>Throws <see cref="InvalidOperationException"/> when anything is missing.</summary>
    public static void Check()
    {
        var problems = new List<string>();
        if (Environment.UserName != "root" && !IsRoot())
            problems.Add("the lab makes network namespaces and runs containers: run it as root");
        var missing = Programs.Where(p => !OnPath(p.Program)).ToList();
        if (missing.Count > 0)
            problems.Add($"missing {string.Join(", ", missing.Select(m => m.Program))}: apt-get install {string.Join(' ', missing.Select(m => m.Package).Distinct())}");
        if (problems.Count > 0) throw new InvalidOperationException("the lab cannot start: " + string.Join("; ", problems));
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        .Split(':').Concat(["/usr/sbin", "/sbin"]).Any(dir => File.Exists(Path.Combine(dir, program)));

    private static bool IsRoot() => File.ReadAllText("/proc/self/status").Split('\n')
        .FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
}
