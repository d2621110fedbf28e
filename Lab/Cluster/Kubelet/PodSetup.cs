using System.Net;
using k8s.Models;
using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>What every container of a started pod shares: its sandbox, address, volumes and kubelet-written files.</summary>
public sealed record PodSetup(
    string Uid,
    string Directory,
    PodSandbox Sandbox,
    IPAddress Ip,
    PodFacts Facts,
    V1PodSecurityContext? SecurityContext,
    IReadOnlyDictionary<string, string> Volumes,
    IReadOnlyList<PodFile> Files,
    TimeSpan GracePeriod);
