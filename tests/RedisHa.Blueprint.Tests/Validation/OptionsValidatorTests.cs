using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Validation;

public class OptionsValidatorTests
{
    private static readonly RedisHaOptions Valid = new();

    /// <summary>Each bad input by name, so the theory's cases stay readable in test output.</summary>
    private static readonly Dictionary<string, RedisHaOptions> BadInputs = new()
    {
        ["replicas even"] = Valid with { Replicas = 4 },
        ["replicas below 3"] = Valid with { Replicas = 1, MinReplicasToWrite = 0 },
        ["replicas 9"] = Valid with { Replicas = 9 },
        ["replicas above the maximum"] = Valid with { Replicas = OptionsValidator.MaxReplicas + 2 },
        ["quorum not a majority"] = Valid with { Quorum = 1 },
        ["quorum above replicas"] = Valid with { Quorum = 4 },
        ["name with invalid characters"] = Valid with { Name = "redis_ha" },
        ["name uppercase"] = Valid with { Name = "RedisHa" },
        ["name starting with a digit"] = Valid with { Name = "1redis" },
        ["name ending with a dash"] = Valid with { Name = "redis-" },
        ["name of 46 characters"] = Valid with { Name = "r" + new string('e', 45) },
        ["namespace with invalid characters"] = Valid with { Namespace = "my_ns" },
        ["namespace uppercase"] = Valid with { Namespace = "Redis" },
        ["namespace of 64 characters"] = Valid with { Namespace = new string('n', 64) },
        ["failoverProfile unknown"] = Valid with { FailoverProfile = "slow" },
        ["failoverProfile wrong case"] = Valid with { FailoverProfile = "Fast" },
        ["downAfter too small"] = Valid with { DownAfterMilliseconds = 100 },
        ["failoverTimeout below twice downAfter"] = Valid with { DownAfterMilliseconds = 5000, FailoverTimeoutMilliseconds = 9999 },
        ["check interval above downAfter"] = Valid with { HaproxyCheckIntervalMilliseconds = 5001 },
        ["check interval too small"] = Valid with { HaproxyCheckIntervalMilliseconds = 50 },
        ["redisImage uppercase"] = Valid with { RedisImage = "Redis:latest" },
        ["redisImage empty tag"] = Valid with { RedisImage = "redis:" },
        ["haproxyImage with a space"] = Valid with { HaproxyImage = "a b" },
        ["password with auth false"] = Valid with { Auth = false, Password = "secret" },
        ["password empty"] = Valid with { Password = "" },
        ["password with NUL"] = Valid with { Password = "a\0b" },
        ["previousPassword without password"] = Valid with { PreviousPassword = "old" },
        ["previousPassword equal to password"] = Valid with { Password = "same", PreviousPassword = "same" },
        ["previousPassword empty"] = Valid with { Password = "new", PreviousPassword = "" },
        ["previousPassword with auth false"] = Valid with { Auth = false, PreviousPassword = "old" },
        ["persistence.size in GB"] = Valid with { Persistence = new PersistenceOptions { Size = "2GB" } },
        ["persistence.size not a number"] = Valid with { Persistence = new PersistenceOptions { Size = "abc" } },
        ["persistence.storageClass invalid"] = Valid with { Persistence = new PersistenceOptions { StorageClass = "Fast SSD" } },
        ["requests.memory above limits"] = Valid with { Resources = new ResourcesOptions { Redis = new ContainerResources("100m", "1Gi", null, "512Mi") } },
        ["requests.cpu above limits"] = Valid with { Resources = new ResourcesOptions { Haproxy = new ContainerResources("2", "32Mi", "500m", "128Mi") } },
        ["limits.memory not a quantity"] = Valid with { Resources = new ResourcesOptions { Sentinel = new ContainerResources("20m", "32Mi", null, "64MB") } },
        ["maxMemory not a size"] = Valid with { MaxMemory = "lots" },
        ["maxMemory above the memory limit"] = Valid with { MaxMemory = "600mb" },
        ["maxMemoryPolicy unknown"] = Valid with { MaxMemoryPolicy = "lru" },
        ["minReplicasToWrite above replicas-1"] = Valid with { MinReplicasToWrite = 3 },
        ["minReplicasToWrite negative"] = Valid with { MinReplicasToWrite = -1 },
        ["minReplicasMaxLag 0"] = Valid with { MinReplicasMaxLag = 0 },
        ["masterName with a space"] = Valid with { MasterName = "my master" },
        ["clusterDomain invalid"] = Valid with { ClusterDomain = "Cluster Local" },
        ["haproxyReplicas 0"] = Valid with { HaproxyReplicas = 0 },
        ["allowedNamespaces uppercase"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = ["web", "Jobs"] } },
        ["allowedNamespaces empty name"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = [""] } },
        ["allowedNamespaceLabels bad key"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaceLabels = Labels("team name", "shop") } },
        ["allowedPodLabels bad value"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = Labels("app", "-web") } },
        ["allowedPodLabels bad prefix"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = Labels("Example.com/app", "web") } },
        ["allowedPodLabels value too long"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = Labels("app", new string('a', 64)) } },
        ["metricsNamespace invalid"] = Valid with { NetworkPolicy = new NetworkPolicyOptions { MetricsNamespace = "monitoring_ns" } },
        ["exporterImage invalid"] = Valid with { Metrics = new MetricsOptions { Enabled = true, ExporterImage = "oliver006/Redis_Exporter:v1" } },
        ["serviceMonitor without metrics"] = Valid with { Metrics = new MetricsOptions { ServiceMonitor = true } },
        ["serviceMonitorLabels bad key"] = Valid with { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = Labels("release/", "prom") } },
        ["serviceMonitorLabels own label"] = Valid with { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = Labels("app.kubernetes.io/instance", "other") } },
    };

    private static Dictionary<string, string> Labels(string key, string value) => new() { [key] = value };

    public static TheoryData<string, string, string> BadInputCases => new()
    {
        { "replicas even", "replicas", "must be odd" },
        { "replicas below 3", "replicas", "between 3 and" },
        { "replicas 9", "replicas", $"between 3 and {OptionsValidator.MaxReplicas}" },
        { "replicas above the maximum", "replicas", $"between 3 and {OptionsValidator.MaxReplicas}" },
        { "quorum not a majority", "quorum", "must be a majority of 3 replicas (2 to 3)" },
        { "quorum above replicas", "quorum", "must be a majority of 3 replicas" },
        { "name with invalid characters", "name", "only lowercase letters, digits and '-'" },
        { "name uppercase", "name", "must start with a lowercase letter" },
        { "name starting with a digit", "name", "must start with a lowercase letter" },
        { "name ending with a dash", "name", "ending in a letter or digit" },
        { "name of 46 characters", "name", "has 46 characters; at most 45" },
        { "namespace with invalid characters", "namespace", "DNS-1123 label" },
        { "namespace uppercase", "namespace", "DNS-1123 label" },
        { "namespace of 64 characters", "namespace", "at most 63" },
        { "failoverProfile unknown", "failoverProfile", "'slow' is not a profile; use one of default, fast" },
        { "failoverProfile wrong case", "failoverProfile", "'Fast' is not a profile" },
        { "downAfter too small", "downAfterMilliseconds", "100 must be between 500 and 600000" },
        { "failoverTimeout below twice downAfter", "failoverTimeoutMilliseconds", "at least twice downAfterMilliseconds (5000)" },
        { "check interval above downAfter", "haproxyCheckIntervalMilliseconds", "between 100 and downAfterMilliseconds (5000)" },
        { "check interval too small", "haproxyCheckIntervalMilliseconds", "50 must be between 100" },
        { "redisImage uppercase", "redisImage", "'Redis:latest' is not an image reference" },
        { "redisImage empty tag", "redisImage", "'redis:' is not an image reference" },
        { "haproxyImage with a space", "haproxyImage", "'a b' is not an image reference" },
        { "password with auth false", "password", "auth is false" },
        { "password empty", "password", "is empty" },
        { "password with NUL", "password", "NUL" },
        { "previousPassword without password", "previousPassword", "password is not" },
        { "previousPassword equal to password", "previousPassword", "equals password" },
        { "previousPassword empty", "previousPassword", "is empty" },
        { "previousPassword with auth false", "previousPassword", "auth is false" },
        { "persistence.size in GB", "persistence.size", "'2GB' is not a Kubernetes quantity" },
        { "persistence.size not a number", "persistence.size", "'abc' is not a Kubernetes quantity" },
        { "persistence.storageClass invalid", "persistence.storageClass", "not a valid StorageClass name" },
        { "requests.memory above limits", "resources.redis.requests.memory", "1Gi is more than the limit 512Mi" },
        { "requests.cpu above limits", "resources.haproxy.requests.cpu", "2 is more than the limit 500m" },
        { "limits.memory not a quantity", "resources.sentinel.limits.memory", "'64MB' is not a Kubernetes quantity" },
        { "maxMemory not a size", "maxMemory", "'lots' is not a Redis memory size" },
        { "maxMemory above the memory limit", "maxMemory", "'600mb' (629145600 bytes) is more than the redis container's memory limit 512Mi (536870912 bytes)" },
        { "maxMemoryPolicy unknown", "maxMemoryPolicy", "'lru' is not one of noeviction" },
        { "minReplicasToWrite above replicas-1", "minReplicasToWrite", "must be between 0 and 2" },
        { "minReplicasToWrite negative", "minReplicasToWrite", "must be between 0 and 2" },
        { "minReplicasMaxLag 0", "minReplicasMaxLag", "must be between 1 and 3600" },
        { "masterName with a space", "masterName", "Sentinel splits its config on spaces" },
        { "clusterDomain invalid", "clusterDomain", "is not a DNS domain" },
        { "haproxyReplicas 0", "haproxyReplicas", "must be between 1 and 20" },
        { "allowedNamespaces uppercase", "networkPolicy.allowedNamespaces", "'Jobs' must be a DNS-1123 label" },
        { "allowedNamespaces empty name", "networkPolicy.allowedNamespaces", "'' must be a DNS-1123 label" },
        { "allowedNamespaceLabels bad key", "networkPolicy.allowedNamespaceLabels", "'team name' is not a label key" },
        { "allowedPodLabels bad value", "networkPolicy.allowedPodLabels", "'-web' (the value of 'app') is not a label value" },
        { "allowedPodLabels bad prefix", "networkPolicy.allowedPodLabels", "'Example.com/app' is not a label key" },
        { "allowedPodLabels value too long", "networkPolicy.allowedPodLabels", "is not a label value: empty, or at most 63" },
        { "metricsNamespace invalid", "networkPolicy.metricsNamespace", "'monitoring_ns' must be a DNS-1123 label" },
        { "exporterImage invalid", "metrics.exporterImage", "'oliver006/Redis_Exporter:v1' is not an image reference" },
        { "serviceMonitor without metrics", "metrics.serviceMonitor", "metrics.enabled is false" },
        { "serviceMonitorLabels bad key", "metrics.serviceMonitorLabels", "'release/' is not a label key" },
        { "serviceMonitorLabels own label", "metrics.serviceMonitorLabels", "'app.kubernetes.io/instance' is a label redis-ha sets" },
    };

    [Theory]
    [MemberData(nameof(BadInputCases))]
    public void Rejects_a_bad_input_naming_its_key_and_why(string bad, string key, string fragment)
    {
        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(BadInputs[bad]));

        Assert.True(e.Problems.Any(p => p.Key == key && p.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected a problem for '{key}' containing \"{fragment}\"; got:\n{string.Join('\n', e.Problems)}");
        Assert.Contains($"{key}: ", e.Message);
    }

    [Fact]
    public void Every_bad_input_has_a_case()
    {
        var cases = BadInputCases.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(BadInputs.Keys.Order(StringComparer.Ordinal), cases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Several_problems_are_all_reported_together()
    {
        var options = Valid with
        {
            Replicas = 4,
            Name = "Bad_Name",
            MaxMemory = "lots",
            Persistence = new PersistenceOptions { Size = "2GB" },
            DownAfterMilliseconds = 10,
        };

        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(options));

        var keys = e.Problems.Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "replicas", "name", "maxMemory", "persistence.size", "downAfterMilliseconds" }, keys);
    }

    [Fact]
    public void Problems_from_reading_are_reported_with_the_validators_own()
    {
        var e = Assert.Throws<InvalidOptionsException>(() =>
            OptionsValidator.Validate(Valid with { Replicas = 2 }, [new ConfigProblem("auth", "'maybe' is not true or false")]));

        Assert.Equal(["auth", "replicas"], e.Problems.Select(p => p.Key));
    }

    [Fact]
    public void A_problem_from_reading_alone_is_enough_to_reject_valid_options()
    {
        var e = Assert.Throws<InvalidOptionsException>(() =>
            OptionsValidator.Validate(Valid, [new ConfigProblem("Replicas", "unknown key")]));

        Assert.Equal("Replicas", Assert.Single(e.Problems).Key);
    }

    [Fact]
    public void TryValidate_adds_problems_and_returns_no_spec()
    {
        var problems = new List<ConfigProblem>();

        Assert.Null(OptionsValidator.TryValidate(Valid with { MaxMemoryPolicy = "lru" }, problems));
        Assert.Equal("maxMemoryPolicy", Assert.Single(problems).Key);
    }

    [Fact]
    public void Valid_defaults_make_a_spec_with_a_majority_quorum_and_default_timings()
    {
        var spec = OptionsValidator.Validate(Valid);

        Assert.Same(Valid, spec.Options);
        Assert.Equal(2, spec.Quorum);
        Assert.Equal(new FailoverTimings("default", 5000, 30000, 500), spec.Timings);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    public void The_default_quorum_is_a_majority(int replicas, int quorum)
    {
        Assert.Equal(quorum, OptionsValidator.Validate(Valid with { Replicas = replicas }).Quorum);
    }

    [Fact]
    public void An_explicit_quorum_of_all_nodes_is_kept()
    {
        Assert.Equal(3, OptionsValidator.Validate(Valid with { Quorum = 3 }).Quorum);
    }

    [Fact]
    public void The_fast_profile_sets_all_three_timings()
    {
        var spec = OptionsValidator.Validate(Valid with { FailoverProfile = "fast" });

        Assert.Equal(new FailoverTimings("fast", 1000, 6000, 250), spec.Timings);
    }

    [Fact]
    public void Overrides_replace_only_the_timings_they_name()
    {
        var spec = OptionsValidator.Validate(Valid with { FailoverProfile = "fast", DownAfterMilliseconds = 2000, HaproxyCheckIntervalMilliseconds = 500 });

        Assert.Equal(new FailoverTimings("fast", 2000, 6000, 500), spec.Timings);
    }

    [Fact]
    public void Overrides_are_checked_against_each_other_not_against_the_profile()
    {
        // The profile's 30 s timeout is fine for its own 5 s down-after, not for a 20 s one.
        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(Valid with { DownAfterMilliseconds = 20000 }));

        Assert.Contains(e.Problems, p => p.Key == "failoverTimeoutMilliseconds" && p.Message.Contains("(20000)"));
    }

    [Theory]
    [InlineData("redis:7.2.5-alpine")]
    [InlineData("redis")]
    [InlineData("docker.io/library/redis:7.2")]
    [InlineData("registry.example.com:5000/team/redis:7.2.5")]
    [InlineData("ghcr.io/acme/redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Accepts_ordinary_image_references(string image)
    {
        OptionsValidator.Validate(Valid with { RedisImage = image, HaproxyImage = image });
    }

    [Theory]
    [InlineData("1Gi")]
    [InlineData("500M")]
    [InlineData("1.5Gi")]
    [InlineData("2e9")]
    public void Accepts_Kubernetes_quantities_for_the_volume_size(string size)
    {
        OptionsValidator.Validate(Valid with { Persistence = new PersistenceOptions { Size = size } });
    }

    [Fact]
    public void Persistence_size_is_not_checked_when_persistence_is_off()
    {
        OptionsValidator.Validate(Valid with { Persistence = new PersistenceOptions { Enabled = false, Size = "2GB" } });
    }

    [Fact]
    public void A_request_equal_to_its_limit_in_other_units_is_accepted()
    {
        OptionsValidator.Validate(Valid with { Resources = new ResourcesOptions { Redis = new ContainerResources("1", "1024Mi", "1000m", "1Gi") } });
    }

    [Theory]
    [InlineData("256mb")]
    [InlineData("1gb")]
    [InlineData("1G")]
    [InlineData("1073741824")]
    public void Accepts_Redis_memory_sizes(string maxMemory)
    {
        var roomy = new ResourcesOptions { Redis = new ContainerResources("100m", "128Mi", null, "2Gi") };

        OptionsValidator.Validate(Valid with { MaxMemory = maxMemory, Resources = roomy });
    }

    [Fact]
    public void Maxmemory_up_to_the_limit_is_accepted_and_above_it_is_reported_with_the_other_problems()
    {
        Assert.Equal(512L * 1024 * 1024, OptionsValidator.Validate(Valid with { MaxMemory = "512mb" }).MaxMemoryBytes);
        Assert.Equal(1L << 40, OptionsValidator.Validate(Valid with
        {
            MaxMemory = "1024gb",
            Resources = new ResourcesOptions { Redis = new ContainerResources("100m", "128Mi", null, null) },
        }).MaxMemoryBytes);

        var problems = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(Valid with { MaxMemory = "513mb", Replicas = 4 })).Problems;

        Assert.Equal(["maxMemory", "replicas"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_45_character_name_is_the_longest_accepted()
    {
        var name = "r" + new string('e', 44);

        Assert.Equal(name, OptionsValidator.Validate(Valid with { Name = name }).Name);
        Assert.True(new ObjectNames(name).ServerStatefulSet.Length <= 52);
    }
}
