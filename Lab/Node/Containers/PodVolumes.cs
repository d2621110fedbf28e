using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Lays out the volumes of a pod as the kubelet does: ConfigMap and Secret volumes as files with
/// their keys, items and modes; emptyDir as a folder (medium Memory: a tmpfs with its sizeLimit);
/// a volume claim as the claim's folder, which outlives the pod; fsGroup ownership.
/// </summary>
public static class PodVolumes
{
    /// <summary>
    /// Materializes every volume of <paramref name="pod"/> under <paramref name="podDirectory"/>
    /// and returns volume name → host path. <paramref name="claims"/> maps a volume name to the
    /// claim folder the controller chose (StatefulSet: data-&lt;pod&gt;). An unknown ConfigMap or
    /// Secret is an error naming it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Materialize(V1PodSpec pod, string podDirectory,
        IReadOnlyDictionary<string, V1ConfigMap> configMaps, IReadOnlyDictionary<string, V1Secret> secrets,
        IReadOnlyDictionary<string, string> claims) => throw new NotImplementedException();

    /// <summary>Unmounts what <see cref="Materialize"/> mounted (tmpfs) and removes the pod's volume folders, never a claim's.</summary>
    public static void Remove(string podDirectory) => throw new NotImplementedException();
}
