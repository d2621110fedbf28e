using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Options;

/// <summary>
/// Turns raw configuration (keys without the <c>redis-ha:</c> prefix) into <see cref="RedisHaOptions"/>.
/// Both the Pulumi program and the CLI feed it, so a stack file means the same thing to both.
/// Pulumi hands every value over as a string (structured values as JSON text), a YAML stack file
/// as typed scalars and maps, so every reader accepts both forms.
/// Type errors and unknown keys are collected, never thrown one by one.
/// </summary>
public sealed class OptionsReader
{
    private readonly List<ConfigProblem> _problems = [];

    /// <summary>Reads the options; <paramref name="problems"/> lists every key that could not be read.</summary>
    public static RedisHaOptions Read(JsonObject raw, out IReadOnlyList<ConfigProblem> problems)
    {
        var reader = new OptionsReader();
        var options = reader.ReadRoot(raw);
        problems = reader._problems;
        return options;
    }

    private RedisHaOptions ReadRoot(JsonObject raw)
    {
        var d = new RedisHaOptions();
        Unknown(raw, "", ConfigKeys.TopLevel);
        return new RedisHaOptions
        {
            Name = String(raw, ConfigKeys.Name) ?? d.Name,
            Namespace = String(raw, ConfigKeys.Namespace) ?? d.Namespace,
            CreateNamespace = Bool(raw, ConfigKeys.CreateNamespace) ?? d.CreateNamespace,
            ClusterDomain = String(raw, ConfigKeys.ClusterDomain) ?? d.ClusterDomain,
            Replicas = Int(raw, ConfigKeys.Replicas) ?? d.Replicas,
            HaproxyReplicas = Int(raw, ConfigKeys.HaproxyReplicas) ?? d.HaproxyReplicas,
            MasterName = String(raw, ConfigKeys.MasterName) ?? d.MasterName,
            FailoverProfile = String(raw, ConfigKeys.FailoverProfile) ?? d.FailoverProfile,
            DownAfterMilliseconds = Int(raw, ConfigKeys.DownAfterMilliseconds),
            FailoverTimeoutMilliseconds = Int(raw, ConfigKeys.FailoverTimeoutMilliseconds),
            HaproxyCheckIntervalMilliseconds = Int(raw, ConfigKeys.HaproxyCheckIntervalMilliseconds),
            Quorum = Int(raw, ConfigKeys.Quorum),
            RedisImage = String(raw, ConfigKeys.RedisImage) ?? d.RedisImage,
            HaproxyImage = String(raw, ConfigKeys.HaproxyImage) ?? d.HaproxyImage,
            Auth = Bool(raw, ConfigKeys.Auth) ?? d.Auth,
            Password = String(raw, ConfigKeys.Password),
            PreviousPassword = String(raw, ConfigKeys.PreviousPassword),
            Persistence = ReadPersistence(Object(raw, ConfigKeys.Persistence)),
            Resources = ReadResources(Object(raw, ConfigKeys.Resources)),
            HardAntiAffinity = Bool(raw, ConfigKeys.HardAntiAffinity) ?? d.HardAntiAffinity,
            MaxMemory = String(raw, ConfigKeys.MaxMemory),
            MaxMemoryPolicy = String(raw, ConfigKeys.MaxMemoryPolicy) ?? d.MaxMemoryPolicy,
            MinReplicasToWrite = Int(raw, ConfigKeys.MinReplicasToWrite) ?? d.MinReplicasToWrite,
            MinReplicasMaxLag = Int(raw, ConfigKeys.MinReplicasMaxLag) ?? d.MinReplicasMaxLag,
            HardHaproxyAntiAffinity = Bool(raw, ConfigKeys.HardHaproxyAntiAffinity) ?? d.HardHaproxyAntiAffinity,
            TopologySpreadZones = Bool(raw, ConfigKeys.TopologySpreadZones) ?? d.TopologySpreadZones,
            PodDisruptionBudget = Bool(raw, ConfigKeys.PodDisruptionBudget) ?? d.PodDisruptionBudget,
            NetworkPolicy = ReadNetworkPolicy(Object(raw, ConfigKeys.NetworkPolicy)),
            Metrics = ReadMetrics(Object(raw, ConfigKeys.Metrics)),
            Tls = ReadTls(Object(raw, ConfigKeys.Tls)),
            ReadEndpoint = ReadReadEndpoint(Object(raw, ConfigKeys.ReadEndpoint)),
        };
    }

    private TlsOptions ReadTls(JsonObject? raw)
    {
        var d = new TlsOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.Tls + ".";
        Unknown(raw, p, ConfigKeys.TlsKeys);
        return new TlsOptions
        {
            Enabled = Bool(raw, "enabled", p) ?? d.Enabled,
            SecretName = String(raw, "secretName", p),
            AuthClients = Bool(raw, "authClients", p) ?? d.AuthClients,
        };
    }

    private ReadEndpointOptions ReadReadEndpoint(JsonObject? raw)
    {
        var d = new ReadEndpointOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.ReadEndpoint + ".";
        Unknown(raw, p, ConfigKeys.ReadEndpointKeys);
        return new ReadEndpointOptions { Enabled = Bool(raw, "enabled", p) ?? d.Enabled };
    }

    private NetworkPolicyOptions ReadNetworkPolicy(JsonObject? raw)
    {
        var d = new NetworkPolicyOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.NetworkPolicy + ".";
        Unknown(raw, p, ConfigKeys.NetworkPolicyKeys);
        return new NetworkPolicyOptions
        {
            Enabled = Bool(raw, "enabled", p) ?? d.Enabled,
            AllowedNamespaces = List(raw, "allowedNamespaces", p) ?? d.AllowedNamespaces,
            AllowedNamespaceLabels = LabelMap(raw, "allowedNamespaceLabels", p) ?? d.AllowedNamespaceLabels,
            AllowedPodLabels = LabelMap(raw, "allowedPodLabels", p) ?? d.AllowedPodLabels,
            MetricsNamespace = String(raw, "metricsNamespace", p),
            AllowSentinelClients = Bool(raw, "allowSentinelClients", p) ?? d.AllowSentinelClients,
        };
    }

    private MetricsOptions ReadMetrics(JsonObject? raw)
    {
        var d = new MetricsOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.Metrics + ".";
        Unknown(raw, p, ConfigKeys.MetricsKeys);
        return new MetricsOptions
        {
            Enabled = Bool(raw, "enabled", p) ?? d.Enabled,
            ExporterImage = String(raw, "exporterImage", p) ?? d.ExporterImage,
            ServiceMonitor = Bool(raw, "serviceMonitor", p) ?? d.ServiceMonitor,
            ServiceMonitorLabels = LabelMap(raw, "serviceMonitorLabels", p) ?? d.ServiceMonitorLabels,
        };
    }

    private PersistenceOptions ReadPersistence(JsonObject? raw)
    {
        var d = new PersistenceOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.Persistence + ".";
        Unknown(raw, p, ["enabled", "size", "storageClass"]);
        return new PersistenceOptions
        {
            Enabled = Bool(raw, "enabled", p) ?? d.Enabled,
            Size = String(raw, "size", p) ?? d.Size,
            StorageClass = String(raw, "storageClass", p),
        };
    }

    private ResourcesOptions ReadResources(JsonObject? raw)
    {
        var d = new ResourcesOptions();
        if (raw is null) return d;
        const string p = ConfigKeys.Resources + ".";
        Unknown(raw, p, ["redis", "sentinel", "haproxy"]);
        return new ResourcesOptions
        {
            Redis = ReadContainer(Object(raw, "redis", p), p + "redis.", d.Redis),
            Sentinel = ReadContainer(Object(raw, "sentinel", p), p + "sentinel.", d.Sentinel),
            Haproxy = ReadContainer(Object(raw, "haproxy", p), p + "haproxy.", d.Haproxy),
        };
    }

    private ContainerResources ReadContainer(JsonObject? raw, string prefix, ContainerResources d)
    {
        if (raw is null) return d;
        Unknown(raw, prefix, ["requests", "limits"]);
        var requests = Object(raw, "requests", prefix);
        var limits = Object(raw, "limits", prefix);
        if (requests is not null) Unknown(requests, prefix + "requests.", ["cpu", "memory"]);
        if (limits is not null) Unknown(limits, prefix + "limits.", ["cpu", "memory"]);
        // Per field: setting only limits.cpu keeps the default memory limit (which maxmemory is
        // derived from). An explicit null removes a default.
        return new ContainerResources(
            Part(requests, "cpu", prefix + "requests.", d.RequestCpu),
            Part(requests, "memory", prefix + "requests.", d.RequestMemory),
            Part(limits, "cpu", prefix + "limits.", d.LimitCpu),
            Part(limits, "memory", prefix + "limits.", d.LimitMemory));
    }

    /// <summary>A part of a resources block: absent, the default; null, none; else the value.</summary>
    private string? Part(JsonObject? raw, string key, string prefix, string? fallback)
    {
        if (raw is null || !raw.TryGetPropertyValue(key, out var node)) return fallback;
        return node is null ? null : String(raw, key, prefix);
    }

    private void Unknown(JsonObject raw, string prefix, IEnumerable<string> known)
    {
        var set = known.ToHashSet(StringComparer.Ordinal);
        foreach (var key in raw.Select(kv => kv.Key).Where(k => !set.Contains(k)))
        {
            var suggestion = set.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            _problems.Add(new ConfigProblem(prefix + key, suggestion is null
                ? $"unknown key; known keys are {string.Join(", ", set.Order(StringComparer.Ordinal))}"
                : $"unknown key; did you mean '{prefix}{suggestion}'? (keys are case-sensitive)"));
        }
    }

    private string? String(JsonObject raw, string key, string prefix = "")
    {
        if (!raw.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        if (node is JsonValue scalar) return scalar.ToJsonString();
        _problems.Add(new ConfigProblem(prefix + key, "must be a single value, not a list or map"));
        return null;
    }

    private int? Int(JsonObject raw, string key, string prefix = "")
    {
        var text = String(raw, key, prefix);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        _problems.Add(new ConfigProblem(prefix + key, $"'{text}' is not a whole number"));
        return null;
    }

    private bool? Bool(JsonObject raw, string key, string prefix = "")
    {
        var text = String(raw, key, prefix);
        if (text is null) return null;
        if (bool.TryParse(text, out var value)) return value;
        _problems.Add(new ConfigProblem(prefix + key, $"'{text}' is not true or false"));
        return null;
    }

    /// <summary>
    /// A list of single values: a list, JSON text of one (Pulumi's form), or comma-separated text, so
    /// that <c>--set networkPolicy.allowedNamespaces=web,jobs</c> works.
    /// </summary>
    private IReadOnlyList<string>? List(JsonObject raw, string key, string prefix)
    {
        if (!raw.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (!text.TrimStart().StartsWith('['))
                return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            node = ParseOrNull(text);
        }
        if (node is JsonArray array && array.All(item => item is JsonValue))
            return array.Select(item => item!.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item.ToJsonString()).ToList();
        _problems.Add(new ConfigProblem(prefix + key, "must be a list of names (a YAML list, a JSON list, or comma-separated text)"));
        return null;
    }

    /// <summary>
    /// Labels: a map, JSON text of one, or <c>key=value</c> pairs separated by commas, the form of
    /// kubectl's selectors. Label keys hold dots and slashes, so a dotted <c>--set</c> path cannot name them.
    /// </summary>
    private IReadOnlyDictionary<string, string>? LabelMap(JsonObject raw, string key, string prefix)
    {
        if (!raw.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (!text.TrimStart().StartsWith('{')) return LabelPairs(text, prefix + key);
            node = ParseOrNull(text);
        }
        if (node is not JsonObject map)
        {
            _problems.Add(new ConfigProblem(prefix + key, "must be a map of labels (a map, a JSON object, or key=value pairs separated by commas)"));
            return null;
        }
        // Sorted, so the same labels always render the same YAML.
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in map.Select(kv => kv.Key))
        {
            // A label with an empty value may come from YAML as a null.
            labels[label] = String(map, label, prefix + key + ".") ?? "";
        }
        return labels;
    }

    private SortedDictionary<string, string>? LabelPairs(string text, string key)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                _problems.Add(new ConfigProblem(key, $"'{pair}' is not key=value"));
                ok = false;
            }
            else if (!labels.TryAdd(pair[..eq].Trim(), pair[(eq + 1)..].Trim()))
            {
                _problems.Add(new ConfigProblem(key, $"label '{pair[..eq].Trim()}' is given twice"));
                ok = false;
            }
        }
        return ok ? labels : null;
    }

    private static JsonNode? ParseOrNull(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    /// <summary>A map, given either as a map or as JSON text (Pulumi's form for structured config).</summary>
    private JsonObject? Object(JsonObject raw, string key, string prefix = "")
    {
        if (!raw.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonObject obj) return obj;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                if (JsonNode.Parse(v.GetValue<string>()) is JsonObject parsed) return parsed;
            }
            catch (JsonException)
            {
                // Reported below with the key's name.
            }
        }
        _problems.Add(new ConfigProblem(prefix + key, "must be a map (in Pulumi config: set it with --path or as a JSON object)"));
        return null;
    }
}
