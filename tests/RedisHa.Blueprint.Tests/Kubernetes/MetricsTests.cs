using k8s;
using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;

namespace RedisHa.Blueprint.Tests.Kubernetes;

public class MetricsTests
{
    private static readonly RedisHaOptions WithMetrics = new() { Metrics = new MetricsOptions { Enabled = true } };
    private static readonly RedisHaOptions WithServiceMonitors = new() { Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true } };

    private static readonly Dictionary<string, Type> ServiceMonitorType = new() { ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor) };

    [Fact]
    public void Off_by_default_no_exporter_no_metrics_service_no_service_monitor()
    {
        var objects = RenderedObjects.Of();

        Assert.DoesNotContain(objects.ServerPod().AllContainers(), c => c.Name == "exporter");
        Assert.DoesNotContain(objects.All.OfType<V1Service>(), s => s.Metadata.Name.EndsWith("-metrics", StringComparison.Ordinal));
        Assert.DoesNotContain(objects.All, o => o is ServiceMonitor);
    }

    [Fact]
    public void Exporter_reads_its_own_redis_over_loopback_with_the_password_from_the_secret()
    {
        var pod = RenderedObjects.Of(WithMetrics with { Metrics = new MetricsOptions { Enabled = true, ExporterImage = "registry.example.com/redis_exporter:v1.63.0" } }).ServerPod();

        var exporter = pod.Containers.Single(c => c.Name == "exporter");
        Assert.Equal("registry.example.com/redis_exporter:v1.63.0", exporter.Image);
        Assert.Equal("redis://127.0.0.1:6379", exporter.Env("REDIS_ADDR")!.Value);
        Assert.Equal(":9121", exporter.Env("REDIS_EXPORTER_WEB_LISTEN_ADDRESS")!.Value);
        var password = exporter.Env("REDIS_PASSWORD")!.ValueFrom.SecretKeyRef;
        Assert.Equal("redis-ha-auth", password.Name);
        Assert.Equal("password", password.Key);
        Assert.Null(exporter.Env("REDIS_PASSWORD")!.Value);
        var port = Assert.Single(exporter.Ports);
        Assert.Equal(("metrics", 9121, "TCP"), (port.Name, port.ContainerPort, port.Protocol));
        // A sidecar: it never runs the scripts and mounts nothing.
        Assert.Null(exporter.Command);
        Assert.Null(exporter.VolumeMounts);
    }

    [Fact]
    public void Exporter_without_auth_gets_no_password()
    {
        var exporter = RenderedObjects.Of(WithMetrics with { Auth = false }).ServerPod().Container("exporter");

        Assert.Null(exporter.Env("REDIS_PASSWORD"));
    }

    [Fact]
    public void Exporter_is_small_and_never_holds_up_the_pods_readiness()
    {
        var exporter = RenderedObjects.Of(WithMetrics).ServerPod().Container("exporter");

        Assert.Equal("10m", exporter.Resources.Requests["cpu"].ToString());
        Assert.Equal("16Mi", exporter.Resources.Requests["memory"].ToString());
        Assert.Equal("64Mi", exporter.Resources.Limits["memory"].ToString());
        Assert.Null(exporter.ReadinessProbe);
        Assert.Equal("/health", exporter.LivenessProbe.HttpGet.Path);
        Assert.Equal("metrics", exporter.LivenessProbe.HttpGet.Port.Value);
    }

    [Fact]
    public void Exporter_comes_after_the_redis_containers_and_changes_nothing_else()
    {
        var without = RenderedObjects.Of().ServerPod();
        var with = RenderedObjects.Of(WithMetrics).ServerPod();

        Assert.Equal(["redis", "sentinel", "watcher", "exporter"], with.Containers.Select(c => c.Name));
        Assert.Equal(without.Containers.Select(c => KubernetesYaml.Serialize(c)), with.Containers.Take(3).Select(c => KubernetesYaml.Serialize(c)));
    }

    [Fact]
    public void No_two_containers_of_a_pod_share_a_port()
    {
        var objects = RenderedObjects.Of(WithMetrics);

        foreach (var pod in new[] { objects.ServerPod(), objects.HaproxyPod() })
        {
            var ports = pod.AllContainers().SelectMany(c => c.Ports ?? []).ToList();
            Assert.Equal(ports.Count, ports.Select(p => p.ContainerPort).Distinct().Count());
            Assert.Equal(ports.Count, ports.Select(p => p.Name).Distinct().Count());
        }
    }

    [Fact]
    public void Metrics_services_are_headless_and_reach_every_pods_metrics_port()
    {
        var objects = RenderedObjects.Of(WithMetrics);

        foreach (var (name, pod, containerPort) in new[]
        {
            ("redis-ha-server-metrics", objects.ServerPod(), "metrics"),
            ("redis-ha-haproxy-metrics", objects.HaproxyPod(), "stats"),
        })
        {
            var service = objects.Service(name);
            Assert.Equal("None", service.Spec.ClusterIP);
            Assert.True(service.Spec.PublishNotReadyAddresses);
            Assert.Equal("true", service.Metadata.Labels["redis-ha/metrics"]);
            var port = Assert.Single(service.Spec.Ports);
            Assert.Equal("metrics", port.Name);
            Assert.Equal(containerPort, port.TargetPort.Value);
            var target = pod.AllContainers().SelectMany(c => c.Ports ?? []).Single(p => p.Name == containerPort);
            Assert.Equal(target.ContainerPort, port.Port);
        }
        Assert.Equal(objects.Single<V1StatefulSet>().Spec.Selector.MatchLabels, objects.Service("redis-ha-server-metrics").Spec.Selector);
        Assert.Equal(objects.Single<V1Deployment>().Spec.Selector.MatchLabels, objects.Service("redis-ha-haproxy-metrics").Spec.Selector);
    }

    [Fact]
    public void The_client_endpoint_never_carries_the_metrics_port()
    {
        var endpoint = RenderedObjects.Of(WithServiceMonitors).Service("redis-ha");

        Assert.Equal(["redis"], endpoint.Spec.Ports.Select(p => p.Name));
        Assert.False(endpoint.Metadata.Labels.ContainsKey("redis-ha/metrics"));
    }

    [Fact]
    public void Service_monitors_select_exactly_the_metrics_services()
    {
        var objects = RenderedObjects.Of(WithServiceMonitors with { Namespace = "cache" });

        var monitors = objects.All.OfType<ServiceMonitor>().ToList();
        Assert.Equal(["redis-ha-server", "redis-ha-haproxy"], monitors.Select(m => m.Metadata.Name));
        foreach (var monitor in monitors)
        {
            Assert.Equal("monitoring.coreos.com/v1", monitor.ApiVersion);
            Assert.Equal("ServiceMonitor", monitor.Kind);
            Assert.Equal("cache", monitor.Metadata.NamespaceProperty);
            Assert.Equal(["cache"], monitor.Spec.NamespaceSelector.MatchNames);
            var endpoint = Assert.Single(monitor.Spec.Endpoints);
            Assert.Equal(("metrics", "/metrics"), (endpoint.Port, endpoint.Path));
            var selected = objects.All.OfType<V1Service>()
                .Where(s => monitor.Spec.Selector.MatchLabels.All(l => s.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .Select(s => s.Metadata.Name);
            Assert.Equal([monitor.Metadata.Name + "-metrics"], selected);
        }
    }

    [Fact]
    public void Service_monitors_carry_the_labels_prometheus_looks_for()
    {
        var options = new RedisHaOptions
        {
            Metrics = new MetricsOptions { Enabled = true, ServiceMonitor = true, ServiceMonitorLabels = new Dictionary<string, string> { ["release"] = "kube-prometheus-stack" } },
        };

        Assert.All(RenderedObjects.Of(options).All.OfType<ServiceMonitor>(), m =>
        {
            Assert.Equal("kube-prometheus-stack", m.Metadata.Labels["release"]);
            Assert.Equal("redis-ha", m.Metadata.Labels["app.kubernetes.io/name"]);
        });
    }

    [Fact]
    public void Service_monitor_yaml_is_what_the_prometheus_operator_reads()
    {
        var monitor = RenderedObjects.Of(WithServiceMonitors).Named<ServiceMonitor>("redis-ha-haproxy");

        var yaml = ManifestYaml.Serialize([monitor]);

        Assert.Equal(
            """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              labels:
                app.kubernetes.io/name: redis-ha
                app.kubernetes.io/instance: redis-ha
                app.kubernetes.io/component: haproxy
                app.kubernetes.io/managed-by: redis-ha
              name: redis-ha-haproxy
              namespace: redis
            spec:
              selector:
                matchLabels:
                  app.kubernetes.io/name: redis-ha
                  app.kubernetes.io/instance: redis-ha
                  app.kubernetes.io/component: haproxy
                  redis-ha/metrics: "true"
              namespaceSelector:
                matchNames:
                - redis
              endpoints:
              - port: metrics
                path: /metrics

            """.ReplaceLineEndings("\n"), yaml);
    }

    [Fact]
    public void Yaml_round_trips_with_every_optional_object()
    {
        var options = WithServiceMonitors with { TopologySpreadZones = true, HardHaproxyAntiAffinity = true };
        var objects = RenderedObjects.Of(options);

        var yaml = ManifestYaml.Serialize(objects.All);
        var loaded = KubernetesYaml.LoadAllFromString(yaml, ServiceMonitorType).Cast<IKubernetesObject<V1ObjectMeta>>().ToList();

        Assert.Equal(objects.All.Select(o => o.Kind), loaded.Select(o => o.Kind));
        var monitor = loaded.OfType<ServiceMonitor>().First();
        Assert.Equal("metrics", monitor.Spec.Endpoints[0].Port);
        Assert.Equal(yaml, ManifestYaml.Serialize(loaded));
    }
}
