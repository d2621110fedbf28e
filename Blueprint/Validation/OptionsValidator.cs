using System.Text.RegularExpressions;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Validation;

/// <summary>
/// Checks every rule at once and either returns a <see cref="RedisHaSpec"/> or throws
/// <see cref="InvalidOptionsException"/> listing each broken rule with its key.
/// </summary>
public static partial class OptionsValidator
{
    /// <summary>
    /// HAProxy checks every node through every quorum-sized set of sentinels (see HaproxyConfig):
    /// 9 backends for 3 nodes, 50 for 5, 245 for 7. Above 5 the checks outgrow the small and medium
    /// clusters this targets.
    /// </summary>
    public const int MaxReplicas = 5;

    public static RedisHaSpec Validate(RedisHaOptions options, IEnumerable<ConfigProblem>? readProblems = null)
    {
        var problems = new List<ConfigProblem>(readProblems ?? []);
        var spec = TryValidate(options, problems);
        if (problems.Count > 0 || spec is null) throw new InvalidOptionsException(problems);
        return spec;
    }

    /// <summary>Adds every problem to <paramref name="problems"/>; returns a spec only when there are none.</summary>
    public static RedisHaSpec? TryValidate(RedisHaOptions o, List<ConfigProblem> problems)
    {
        var before = problems.Count;
        void Fail(string key, string message) => problems.Add(new ConfigProblem(key, message));

        CheckName(o.Name, Fail);
        CheckDnsLabel(ConfigKeys.Namespace, o.Namespace, 63, Fail);
        if (!DnsSubdomain().IsMatch(o.ClusterDomain))
            Fail(ConfigKeys.ClusterDomain, $"'{o.ClusterDomain}' is not a DNS domain such as cluster.local");
        if (!MasterNamePattern().IsMatch(o.MasterName))
            Fail(ConfigKeys.MasterName, $"'{o.MasterName}' must be 1-40 letters, digits, '-', '_' or '.' (Sentinel splits its config on spaces)");

        if (o.Replicas < 3 || o.Replicas % 2 == 0 || o.Replicas > MaxReplicas)
            Fail(ConfigKeys.Replicas, $"{o.Replicas} must be odd and between 3 and {MaxReplicas}, so that a majority of sentinels survives the loss of any one node");
        if (o.HaproxyReplicas < 1 || o.HaproxyReplicas > 20)
            Fail(ConfigKeys.HaproxyReplicas, $"{o.HaproxyReplicas} must be between 1 and 20");

        var quorum = o.Quorum ?? o.Replicas / 2 + 1;
        if (o.Quorum is { } q && (q <= o.Replicas / 2 || q > o.Replicas))
            Fail(ConfigKeys.Quorum, $"{q} must be a majority of {o.Replicas} replicas ({o.Replicas / 2 + 1} to {o.Replicas}); a smaller quorum lets two sides of a partition each pick a master");

        var timings = CheckTimings(o, Fail);

        CheckImage(ConfigKeys.RedisImage, o.RedisImage, Fail);
        CheckImage(ConfigKeys.HaproxyImage, o.HaproxyImage, Fail);

        if (!o.Auth && o.Password is not null)
            Fail(ConfigKeys.Password, "is set while auth is false; remove it or set auth to true");
        if (o.Password is { } pw)
        {
            if (pw.Length == 0) Fail(ConfigKeys.Password, "is empty; leave it unset to have one generated");
            else CheckSecretText(ConfigKeys.Password, pw, Fail);
        }
        if (o.PreviousPassword is { } previous)
        {
            if (!o.Auth) Fail(ConfigKeys.PreviousPassword, "is set while auth is false; remove it");
            else if (o.Password is null) Fail(ConfigKeys.PreviousPassword, "is set but password is not: a rotation sets the new password and keeps the old one here");
            else if (previous.Length == 0) Fail(ConfigKeys.PreviousPassword, "is empty; remove it once the rotation is over");
            else if (previous == o.Password && previous != StackConfigFile.EncryptedValue) Fail(ConfigKeys.PreviousPassword, "equals password; set password to the new one");
            else CheckSecretText(ConfigKeys.PreviousPassword, previous, Fail);
        }

        if (o.Persistence.Enabled)
        {
            CheckQuantity(ConfigKeys.Persistence + ".size", o.Persistence.Size, Fail);
            if (o.Persistence.StorageClass is { } sc && !DnsSubdomain().IsMatch(sc))
                Fail(ConfigKeys.Persistence + ".storageClass", $"'{sc}' is not a valid StorageClass name");
        }

        CheckResources("redis", o.Resources.Redis, Fail);
        CheckResources("sentinel", o.Resources.Sentinel, Fail);
        CheckResources("haproxy", o.Resources.Haproxy, Fail);

        CheckMaxMemory(o, Fail);
        if (!MaxMemoryPolicies.Contains(o.MaxMemoryPolicy))
            Fail(ConfigKeys.MaxMemoryPolicy, $"'{o.MaxMemoryPolicy}' is not one of {string.Join(", ", MaxMemoryPolicies)}");
        if (o.MinReplicasToWrite < 0 || o.MinReplicasToWrite > o.Replicas - 1)
            Fail(ConfigKeys.MinReplicasToWrite, $"{o.MinReplicasToWrite} must be between 0 and {Math.Max(0, o.Replicas - 1)} (replicas - 1: the other nodes, which replicate from the master)");
        if (o.MinReplicasMaxLag < 1 || o.MinReplicasMaxLag > 3600)
            Fail(ConfigKeys.MinReplicasMaxLag, $"{o.MinReplicasMaxLag} must be between 1 and 3600 seconds");

        CheckNetworkPolicy(o.NetworkPolicy, Fail);
        CheckMetrics(o.Metrics, Fail);
        CheckTls(o.Tls, Fail);

        if (problems.Count > before || timings is null) return null;
        return new RedisHaSpec { Options = o, Quorum = quorum, Timings = timings };
    }

    public static IReadOnlyList<string> MaxMemoryPolicies { get; } =
    [
        "noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
        "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    ];

    /// <summary>What an environment variable can carry, within a size Redis' AUTH takes comfortably.</summary>
    private static void CheckSecretText(string key, string value, Action<string, string> fail)
    {
        if (value.Contains('\0')) fail(key, "contains a NUL character, which no environment variable can carry");
        else if (System.Text.Encoding.UTF8.GetByteCount(value) > 512) fail(key, "is longer than 512 bytes");
    }

    private static FailoverTimings? CheckTimings(RedisHaOptions o, Action<string, string> fail)
    {
        var profile = FailoverProfile.Find(o.FailoverProfile);
        if (profile is null)
        {
            fail(ConfigKeys.FailoverProfile, $"'{o.FailoverProfile}' is not a profile; use one of {string.Join(", ", FailoverProfile.All.Select(p => p.Name))}");
            profile = FailoverProfile.Default; // keep checking the overrides against something sensible
        }
        var downAfter = o.DownAfterMilliseconds ?? profile.DownAfterMilliseconds;
        var failoverTimeout = o.FailoverTimeoutMilliseconds ?? profile.FailoverTimeoutMilliseconds;
        var check = o.HaproxyCheckIntervalMilliseconds ?? profile.HaproxyCheckIntervalMilliseconds;
        var ok = true;
        if (downAfter < 500 || downAfter > 600_000)
        {
            fail(ConfigKeys.DownAfterMilliseconds, $"{downAfter} must be between 500 and 600000; below 500 ms a busy network looks like a dead master");
            ok = false;
        }
        if (failoverTimeout < 2 * downAfter || failoverTimeout > 3_600_000)
        {
            fail(ConfigKeys.FailoverTimeoutMilliseconds, $"{failoverTimeout} must be at least twice downAfterMilliseconds ({downAfter}) and at most 3600000, or a failover can time out before it could complete");
            ok = false;
        }
        if (check < 100 || check > downAfter)
        {
            fail(ConfigKeys.HaproxyCheckIntervalMilliseconds, $"{check} must be between 100 and downAfterMilliseconds ({downAfter}), so HAProxy notices a new master no later than Sentinel elects it");
            ok = false;
        }
        return ok ? new FailoverTimings(profile.Name, downAfter, failoverTimeout, check) : null;
    }

    private static void CheckName(string name, Action<string, string> fail)
    {
        if (!DnsLabel().IsMatch(name) || !char.IsAsciiLetterLower(name.FirstOrDefault()))
            fail(ConfigKeys.Name, $"'{name}' must start with a lowercase letter and contain only lowercase letters, digits and '-', ending in a letter or digit (it names Services)");
        else if (name.Length > ObjectNames.MaxNameLength)
            fail(ConfigKeys.Name, $"'{name}' has {name.Length} characters; at most {ObjectNames.MaxNameLength}, so that '{name}-server' and its pods' revision labels fit Kubernetes' 63-character limit");
    }

    private static void CheckDnsLabel(string key, string value, int max, Action<string, string> fail)
    {
        if (!DnsLabel().IsMatch(value) || value.Length > max)
            fail(key, $"'{value}' must be a DNS-1123 label: at most {max} lowercase letters, digits and '-', starting and ending with a letter or digit");
    }

    private static void CheckImage(string key, string image, Action<string, string> fail)
    {
        if (!ImageReference().IsMatch(image))
            fail(key, $"'{image}' is not an image reference such as redis:7.2.5-alpine or registry.example.com/team/redis@sha256:<digest>");
    }

    /// <summary>Checked even when network policies are off: a value that cannot work is wrong either way.</summary>
    /// <summary>A maxmemory above the container's memory limit would let the kernel kill Redis before Redis refuses a write.</summary>
    private static void CheckMaxMemory(RedisHaOptions o, Action<string, string> fail)
    {
        if (o.MaxMemory is not { } given) return;
        if (RedisMemorySize.Bytes(given) is not { } bytes)
        {
            fail(ConfigKeys.MaxMemory, $"'{given}' is not a Redis memory size such as 256mb or 1gb");
            return;
        }
        var limit = o.Resources.Redis.LimitMemory;
        if (limit is not null && Quantity().IsMatch(limit) && RedisMemorySize.QuantityBytes(limit) is { } limitBytes && bytes > limitBytes)
            fail(ConfigKeys.MaxMemory, $"'{given}' ({bytes} bytes) is more than the redis container's memory limit {limit} ({limitBytes} bytes); " +
                $"leave room for replication buffers and fork copy-on-write (unset, it is {RedisMemorySize.ShareOfMemoryLimit:P0} of the limit)");
    }

    private static void CheckNetworkPolicy(NetworkPolicyOptions n, Action<string, string> fail)
    {
        const string p = ConfigKeys.NetworkPolicy + ".";
        foreach (var ns in n.AllowedNamespaces) CheckDnsLabel(p + "allowedNamespaces", ns, 63, fail);
        CheckLabels(p + "allowedNamespaceLabels", n.AllowedNamespaceLabels, fail);
        CheckLabels(p + "allowedPodLabels", n.AllowedPodLabels, fail);
        if (n.MetricsNamespace is { } metrics) CheckDnsLabel(p + "metricsNamespace", metrics, 63, fail);
    }

    private static void CheckMetrics(MetricsOptions m, Action<string, string> fail)
    {
        const string p = ConfigKeys.Metrics + ".";
        CheckImage(p + "exporterImage", m.ExporterImage, fail);
        if (m.ServiceMonitor && !m.Enabled)
            fail(p + "serviceMonitor", "is true while metrics.enabled is false; the ServiceMonitors scrape the metrics Services, which exist only with metrics enabled");
        CheckLabels(p + "serviceMonitorLabels", m.ServiceMonitorLabels, fail);
        foreach (var own in m.ServiceMonitorLabels.Keys.Intersect(OwnLabels.All, StringComparer.Ordinal))
            fail(p + "serviceMonitorLabels", $"'{own}' is a label redis-ha sets on every object itself");
    }

    private static void CheckTls(TlsOptions t, Action<string, string> fail)
    {
        const string p = ConfigKeys.Tls + ".";
        if (t.SecretName is { } name && !DnsSubdomain().IsMatch(name))
            fail(p + "secretName", $"'{name}' is not a Secret name: a DNS-1123 subdomain of at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        else if (t.Enabled && t.SecretName is null)
            fail(p + "secretName", "is required when tls.enabled is true: the name of a Secret with tls.crt, tls.key and ca.crt, as cert-manager creates it");
        else if (!t.Enabled && t.SecretName is not null)
            fail(p + "secretName", "is set while tls.enabled is false; set tls.enabled to true or remove it");
        if (t.AuthClients && !t.Enabled)
            fail(p + "authClients", "is true while tls.enabled is false; client certificates need TLS");
    }

    /// <summary>Kubernetes' rules for label keys and values, so a selector is never rejected at apply time.</summary>
    private static void CheckLabels(string key, IReadOnlyDictionary<string, string> labels, Action<string, string> fail)
    {
        foreach (var (label, value) in labels)
        {
            var slash = label.LastIndexOf('/');
            var prefix = slash < 0 ? null : label[..slash];
            var name = label[(slash + 1)..];
            if (!LabelName().IsMatch(name) || prefix is not null && !DnsSubdomain().IsMatch(prefix))
                fail(key, $"'{label}' is not a label key: an optional DNS subdomain and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            else if (value.Length > 0 && !LabelName().IsMatch(value))
                fail(key, $"'{value}' (the value of '{label}') is not a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
    }

    private static void CheckQuantity(string key, string? value, Action<string, string> fail)
    {
        if (value is not null && !Quantity().IsMatch(value))
            fail(key, $"'{value}' is not a Kubernetes quantity such as 1Gi, 512Mi or 500m");
    }

    private static void CheckResources(string container, ContainerResources r, Action<string, string> fail)
    {
        var prefix = $"{ConfigKeys.Resources}.{container}.";
        CheckQuantity(prefix + "requests.cpu", r.RequestCpu, fail);
        CheckQuantity(prefix + "requests.memory", r.RequestMemory, fail);
        CheckQuantity(prefix + "limits.cpu", r.LimitCpu, fail);
        CheckQuantity(prefix + "limits.memory", r.LimitMemory, fail);
        CompareRequestToLimit(prefix + "requests.cpu", r.RequestCpu, r.LimitCpu, fail);
        CompareRequestToLimit(prefix + "requests.memory", r.RequestMemory, r.LimitMemory, fail);
    }

    private static void CompareRequestToLimit(string key, string? request, string? limit, Action<string, string> fail)
    {
        if (request is null || limit is null || !Quantity().IsMatch(request) || !Quantity().IsMatch(limit)) return;
        if (new k8s.Models.ResourceQuantity(request).ToDecimal() > new k8s.Models.ResourceQuantity(limit).ToDecimal())
            fail(key, $"{request} is more than the limit {limit}");
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^(?=.{1,253}\z)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex DnsSubdomain();

    /// <summary>A label value, or the name part of a label key.</summary>
    [GeneratedRegex(@"^(?=.{1,63}\z)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\z")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,40}\z")]
    private static partial Regex MasterNamePattern();

    // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@digest], lowercase path.
    [GeneratedRegex(@"^(?=.{1,255}\z)([a-zA-Z0-9.\-]+(:[0-9]+)?/)?[a-z0-9]+([._\-]{1,2}[a-z0-9]+)*(/[a-z0-9]+([._\-]{1,2}[a-z0-9]+)*)*(:[\w][\w.\-]{0,127})?(@sha256:[a-f0-9]{64})?\z")]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?\z")]
    private static partial Regex Quantity();
}
