using k8s.Models;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>The redis_exporter sidecar of a redis+sentinel pod, present when metrics are enabled.</summary>
internal static class RedisExporter
{
    public const string ContainerName = "exporter";
    /// <summary>redis_exporter's usual port; fixed, and distinct from Redis' and Sentinel's.</summary>
    public const int Port = 9121;
    public const string PortName = "metrics";
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/health";

    /// <summary>It holds one connection and a few hundred series, far less than the redis container.</summary>
    private static readonly ContainerResources Resources = new("10m", "16Mi", null, "64Mi");

    public static V1Container Container(RedisHaSpec spec) => new()
    {
        Name = ContainerName,
        Image = spec.Options.Metrics.ExporterImage,
        Env = ContainerEnvironment.ForExporter(spec),
        Ports = [new V1ContainerPort { Name = PortName, ContainerPort = Port, Protocol = "TCP" }],
        // Liveness only: a pod is ready when all its containers are, and the StatefulSet's rolling
        // update and the Sentinel Service wait on that readiness. A broken exporter must not hold up either.
        LivenessProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = HealthPath, Port = PortName },
            PeriodSeconds = 10,
            TimeoutSeconds = 3,
            FailureThreshold = 3,
        },
        Resources = ContainerResourceRequirements.From(Resources),
        VolumeMounts = spec.Tls ? [TlsVolume.Mount()] : null,
        SecurityContext = PodSecurity.ForContainer(),
    };
}
