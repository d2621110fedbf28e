using System.Text.Json.Nodes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Validation;

/// <summary>
/// The production-hardening keys (networkPolicy, podDisruptionBudget, hardHaproxyAntiAffinity,
/// topologySpreadZones, metrics): read in every form a stack file, Pulumi or --set gives them, and validated.
/// </summary>
public class HardeningOptionsTests
{
    private static readonly RedisHaOptions Valid = new();

    private static RedisHaOptions ReadValid(JsonObject raw)
    {
        var options = OptionsReader.Read(raw, out var problems);
        Assert.Empty(problems);
        return options;
    }

    private static IReadOnlyList<ConfigProblem> ReadProblems(JsonObject raw)
    {
        OptionsReader.Read(raw, out var problems);
        return problems;
    }

    private static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

    [Fact]
    public void Defaults_are_safe_network_policies_and_budgets_soft_proxy_spread_and_no_metrics()
    {
        var o = new RedisHaOptions();

        Assert.True(o.NetworkPolicy.Enabled);
        Assert.Empty(o.NetworkPolicy.AllowedNamespaces);
        Assert.Empty(o.NetworkPolicy.AllowedNamespaceLabels);
        Assert.Empty(o.NetworkPolicy.AllowedPodLabels);
        Assert.Null(o.NetworkPolicy.MetricsNamespace);
        Assert.False(o.NetworkPolicy.AllowSentinelClients);
        Assert.True(o.PodDisruptionBudget);
        Assert.False(o.HardHaproxyAntiAffinity);
        Assert.False(o.TopologySpreadZones);
        Assert.False(o.Metrics.Enabled);
        Assert.Equal("oliver006/redis_exporter:v1.62.0", o.Metrics.ExporterImage);
        Assert.False(o.Metrics.ServiceMonitor);
        Assert.Empty(o.Metrics.ServiceMonitorLabels);
        OptionsValidator.Validate(o);
    }

    [Fact]
    public void Reads_the_typed_form_of_a_stack_file()
    {
        var options = ReadValid(Json("""
            {
              "podDisruptionBudget": false, "hardHaproxyAntiAffinity": true, "topologySpreadZones": true,
              "networkPolicy": {
                "enabled": true, "allowedNamespaces": ["web", "jobs"], "allowedNamespaceLabels": { "team": "shop" },
                "allowedPodLabels": { "app.kubernetes.io/name": "checkout", "tier": null },
                "metricsNamespace": "monitoring", "allowSentinelClients": true
              },
              "metrics": { "enabled": true, "exporterImage": "redis_exporter:v1.63.0", "serviceMonitor": true, "serviceMonitorLabels": { "release": "prom" } }
            }
            """));

        Assert.False(options.PodDisruptionBudget);
        Assert.True(options.HardHaproxyAntiAffinity);
        Assert.True(options.TopologySpreadZones);
        Assert.Equal(["web", "jobs"], options.NetworkPolicy.AllowedNamespaces);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "shop" }, options.NetworkPolicy.AllowedNamespaceLabels);
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "checkout", ["tier"] = "" }, options.NetworkPolicy.AllowedPodLabels);
        Assert.Equal("monitoring", options.NetworkPolicy.MetricsNamespace);
        Assert.True(options.NetworkPolicy.AllowSentinelClients);
        Assert.Equal(new MetricsOptions
        {
            Enabled = true, ExporterImage = "redis_exporter:v1.63.0", ServiceMonitor = true,
            ServiceMonitorLabels = new Dictionary<string, string> { ["release"] = "prom" },
        }, options.Metrics);
        OptionsValidator.Validate(options);
    }

    [Fact]
    public void Pulumis_string_form_means_the_same_options()
    {
        var fromStrings = ReadValid(new JsonObject
        {
            ["hardHaproxyAntiAffinity"] = "true",
            ["networkPolicy"] = """{"allowedNamespaces":["web","jobs"],"allowedPodLabels":{"app":"shop"}}""",
            ["metrics"] = """{"enabled":"true","serviceMonitorLabels":{"release":"prom"}}""",
        });
        var typed = ReadValid(Json("""
            { "hardHaproxyAntiAffinity": true,
              "networkPolicy": { "allowedNamespaces": ["web", "jobs"], "allowedPodLabels": { "app": "shop" } },
              "metrics": { "enabled": true, "serviceMonitorLabels": { "release": "prom" } } }
            """));

        Assert.Equal(typed, fromStrings);
        Assert.Equal(typed.GetHashCode(), fromStrings.GetHashCode());
        Assert.NotEqual(new RedisHaOptions(), typed);
        Assert.True(typed.NetworkPolicy.Enabled); // not named, so the default stays
    }

    [Fact]
    public void Set_overrides_take_comma_separated_names_and_key_value_labels()
    {
        var raw = new JsonObject();
        var problems = new List<ConfigProblem>();
        ConfigOverrides.Apply(raw,
        [
            "networkPolicy.allowedNamespaces=web, jobs",
            "networkPolicy.allowedPodLabels=app.kubernetes.io/name=checkout,tier=frontend",
            "networkPolicy.allowedNamespaceLabels={\"team\":\"shop\"}",
            "metrics.serviceMonitorLabels=release=prom",
            "metrics.enabled=true",
        ], problems);

        var options = ReadValid(raw);

        Assert.Empty(problems);
        Assert.Equal(["web", "jobs"], options.NetworkPolicy.AllowedNamespaces);
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "checkout", ["tier"] = "frontend" }, options.NetworkPolicy.AllowedPodLabels);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "shop" }, options.NetworkPolicy.AllowedNamespaceLabels);
        Assert.Equal(new Dictionary<string, string> { ["release"] = "prom" }, options.Metrics.ServiceMonitorLabels);
        Assert.True(options.Metrics.Enabled);
    }

    [Fact]
    public void Label_maps_compare_by_content_not_by_order()
    {
        var a = new NetworkPolicyOptions { AllowedPodLabels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };
        var b = new NetworkPolicyOptions { AllowedPodLabels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } };
        var c = new NetworkPolicyOptions { AllowedPodLabels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(new NetworkPolicyOptions { AllowedNamespaces = ["a", "b"] }, new NetworkPolicyOptions { AllowedNamespaces = ["b", "a"] });
    }

    [Fact]
    public void Unknown_nested_keys_are_reported_with_their_dotted_path()
    {
        var problems = ReadProblems(Json("""
            { "networkPolicy": { "allowedNamespace": ["web"], "Enabled": false },
              "metrics": { "exporter": "x", "servicemonitor": true } }
            """));

        Assert.Contains(problems, p => p.Key == "networkPolicy.allowedNamespace" && p.Message.Contains("allowedNamespaces"));
        Assert.Contains(problems, p => p.Key == "networkPolicy.Enabled" && p.Message.Contains("did you mean 'networkPolicy.enabled'"));
        Assert.Contains(problems, p => p.Key == "metrics.exporter" && p.Message.Contains("exporterImage"));
        Assert.Contains(problems, p => p.Key == "metrics.servicemonitor" && p.Message.Contains("did you mean 'metrics.serviceMonitor'"));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Unknown_top_level_keys_list_the_new_ones()
    {
        var problem = Assert.Single(ReadProblems(new JsonObject { ["networkPolicies"] = "{}" }));

        Assert.Contains("networkPolicy", problem.Message);
        Assert.Contains("podDisruptionBudget", problem.Message);
        Assert.Contains("metrics", problem.Message);
    }

    [Theory]
    [InlineData("""{ "podDisruptionBudget": "yes" }""", "podDisruptionBudget", "'yes' is not true or false")]
    [InlineData("""{ "topologySpreadZones": "zones" }""", "topologySpreadZones", "'zones' is not true or false")]
    [InlineData("""{ "hardHaproxyAntiAffinity": 1 }""", "hardHaproxyAntiAffinity", "'1' is not true or false")]
    [InlineData("""{ "networkPolicy": true }""", "networkPolicy", "must be a map")]
    [InlineData("""{ "metrics": "on" }""", "metrics", "must be a map")]
    [InlineData("""{ "networkPolicy": { "enabled": "sometimes" } }""", "networkPolicy.enabled", "'sometimes' is not true or false")]
    [InlineData("""{ "networkPolicy": { "allowedNamespaces": { "web": 1 } } }""", "networkPolicy.allowedNamespaces", "must be a list")]
    [InlineData("""{ "networkPolicy": { "allowedNamespaces": [["web"]] } }""", "networkPolicy.allowedNamespaces", "must be a list")]
    [InlineData("""{ "networkPolicy": { "allowedNamespaces": "[not json" } }""", "networkPolicy.allowedNamespaces", "must be a list")]
    [InlineData("""{ "networkPolicy": { "allowedPodLabels": ["app"] } }""", "networkPolicy.allowedPodLabels", "must be a map of labels")]
    [InlineData("""{ "networkPolicy": { "allowedPodLabels": "app" } }""", "networkPolicy.allowedPodLabels", "'app' is not key=value")]
    [InlineData("""{ "networkPolicy": { "allowedPodLabels": "a=1,a=2" } }""", "networkPolicy.allowedPodLabels", "label 'a' is given twice")]
    [InlineData("""{ "networkPolicy": { "allowedPodLabels": { "app": { "x": 1 } } } }""", "networkPolicy.allowedPodLabels.app", "not a list or map")]
    [InlineData("""{ "metrics": { "serviceMonitor": "maybe" } }""", "metrics.serviceMonitor", "'maybe' is not true or false")]
    [InlineData("""{ "metrics": { "serviceMonitorLabels": "{not json" } }""", "metrics.serviceMonitorLabels", "must be a map of labels")]
    public void A_value_of_the_wrong_type_is_reported_with_its_key(string json, string key, string message)
    {
        var problem = Assert.Single(ReadProblems(Json(json)));

        Assert.Equal(key, problem.Key);
        Assert.Contains(message, problem.Message);
    }

    [Theory]
    [InlineData("app", "")]
    [InlineData("app.kubernetes.io/name", "checkout")]
    [InlineData("example.com/tier", "a.b_c-d")]
    [InlineData("x", "Z9")]
    public void Accepts_valid_labels(string key, string value)
    {
        var labels = new Dictionary<string, string> { [key] = value };

        OptionsValidator.Validate(Valid with { NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = labels, AllowedNamespaceLabels = labels } });
        if (!key.StartsWith("app.kubernetes.io/", StringComparison.Ordinal))
            OptionsValidator.Validate(Valid with { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = labels } });
    }

    [Theory]
    [InlineData("app\n", "web")]
    [InlineData("app", "web\n")]
    [InlineData("/app", "web")]
    [InlineData("a/b/c", "web")]
    [InlineData("", "web")]
    public void Rejects_label_keys_and_values_with_hidden_or_misplaced_characters(string key, string value)
    {
        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(Valid with
        {
            NetworkPolicy = new NetworkPolicyOptions { AllowedPodLabels = new Dictionary<string, string> { [key] = value } },
        }));

        Assert.Equal("networkPolicy.allowedPodLabels", Assert.Single(e.Problems).Key);
    }

    [Fact]
    public void Every_new_problem_is_reported_together()
    {
        var options = Valid with
        {
            NetworkPolicy = new NetworkPolicyOptions { AllowedNamespaces = ["Web"], AllowedPodLabels = new Dictionary<string, string> { ["a b"] = "c" }, MetricsNamespace = "_" },
            Metrics = new MetricsOptions { ExporterImage = "no image", ServiceMonitor = true },
        };

        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(options));

        Assert.Equal(
            ["metrics.exporterImage", "metrics.serviceMonitor", "networkPolicy.allowedNamespaces", "networkPolicy.allowedPodLabels", "networkPolicy.metricsNamespace"],
            e.Problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_exporter_image_is_checked_even_with_metrics_off()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => OptionsValidator.Validate(Valid with { Metrics = new MetricsOptions { ExporterImage = "" } }));

        Assert.Equal("metrics.exporterImage", Assert.Single(e.Problems).Key);
    }
}
