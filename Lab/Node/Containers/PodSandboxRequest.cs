namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// The pod sandbox: the pause container that holds the pod's IPC and UTS namespaces (hostname =
/// <paramref name="Hostname"/>) and, when the pod shares one (<c>shareProcessNamespace</c>), the
/// PID namespace whose PID 1 reaps every orphan. It joins the pod's network namespace.
/// </summary>
public sealed record PodSandboxRequest(string Id, string PodDirectory, string NetworkNamespacePath, string Hostname, bool ShareProcessNamespace);
