using k8s.Models;
using RedisHa.Lab.Node.Containers;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Cluster.Kubelet;

/// <summary>What the kubelet of the lab's one node works with: the runtime, the node's network, the applied objects, and a way to say that something changed.</summary>
public sealed class NodeContext(ContainerRuntime runtime, NodeNetwork network, string podsDirectory, Func<ClusterObjects> objects, Action changed, Action<string> log)
{
    public const string NodeName = "lab-node";

    public ContainerRuntime Runtime { get; } = runtime;
    public NodeNetwork Network { get; } = network;
    public string PodsDirectory { get; } = podsDirectory;
    public ClusterObjects Objects => objects();

    public IReadOnlyDictionary<string, V1ConfigMap> ConfigMaps(string ns) => Objects.ConfigMaps(ns);
    public IReadOnlyDictionary<string, V1Secret> Secrets(string ns) => Objects.Secrets(ns);

    /// <summary>A pod's state changed (readiness, phase, address): controllers and Services look again.</summary>
    public void Changed() => changed();

    /// <summary>An event worth a line in the lab's log (kubectl get events).</summary>
    public void Log(string message) => log(message);
}
