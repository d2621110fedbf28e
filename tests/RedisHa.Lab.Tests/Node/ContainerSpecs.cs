using k8s.Models;

namespace RedisHa.Lab.Tests.Node;

/// <summary>Containers shaped like the Blueprint's: the redis image, the restricted security context, uid 999.</summary>
public static class ContainerSpecs
{
    public const string RedisImage = "redis:7.2.5-alpine";

    public static V1PodSecurityContext RedisPod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = 999,
        RunAsGroup = 999,
        FsGroup = 999,
        FsGroupChangePolicy = "OnRootMismatch",
    };

    public static V1SecurityContext Restricted() => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
    };

    public static V1Container Redis(string name = "redis") => new()
    {
        Name = name,
        Image = RedisImage,
        Command = ["redis-server", "--port", "6379", "--save", "", "--appendonly", "no"],
        SecurityContext = Restricted(),
    };

    public static V1Container Shell(string name, string script) => new()
    {
        Name = name,
        Image = RedisImage,
        Command = ["sh", "-c", script],
        SecurityContext = Restricted(),
    };
}
