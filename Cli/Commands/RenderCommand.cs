using System.CommandLine;

namespace RedisHa.Cli.Commands;

/// <summary>TODO(k8s helper): `redis-ha render`.</summary>
internal static class RenderCommand
{
    public static Command Create() => new("render", "Print every Kubernetes object as one multi-document YAML.");
}
