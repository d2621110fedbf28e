using k8s;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// Objects as one multi-document YAML stream for <c>kubectl apply -f</c>, in the order given.
/// Named apart from <see cref="k8s.KubernetesYaml"/>, which does the serializing, so that code
/// using both namespaces needs no alias.
/// </summary>
public static class ManifestYaml
{
    public const string DocumentSeparator = "---\n";

    public static string Serialize(IEnumerable<IKubernetesObject> objects) =>
        string.Join(DocumentSeparator, objects.Select(o => EndWithNewline(KubernetesYaml.Serialize(o))));

    /// <summary>Appends rather than trims: trimming could cut line breaks that belong to a block scalar's value.</summary>
    private static string EndWithNewline(string document) => document.EndsWith('\n') ? document : document + "\n";
}
