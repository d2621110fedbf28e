using k8s;
using k8s.Models;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Kubernetes;

/// <summary>Builds the objects of a spec, and finds things in them by kind and name.</summary>
internal static class RenderedObjects
{
    public static RedisHaSpec Spec(RedisHaOptions? options = null) => OptionsValidator.Validate(options ?? new RedisHaOptions());

    public static KubernetesObjects Of(RedisHaOptions? options = null) => RedisHaBlueprint.Create(Spec(options)).Kubernetes;

    public static T Single<T>(this KubernetesObjects objects) where T : IKubernetesObject => objects.All.OfType<T>().Single();

    public static V1Service Service(this KubernetesObjects objects, string name) =>
        objects.All.OfType<V1Service>().Single(s => s.Metadata.Name == name);

    public static V1ConfigMap ConfigMap(this KubernetesObjects objects, string name) =>
        objects.All.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name);

    public static T Named<T>(this KubernetesObjects objects, string name) where T : IKubernetesObject<V1ObjectMeta> =>
        objects.All.OfType<T>().Single(o => o.Metadata.Name == name);

    public static V1PodSpec ServerPod(this KubernetesObjects objects) => objects.Single<V1StatefulSet>().Spec.Template.Spec;

    public static V1PodSpec HaproxyPod(this KubernetesObjects objects) => objects.Single<V1Deployment>().Spec.Template.Spec;

    public static IEnumerable<V1Container> AllContainers(this V1PodSpec pod) => (pod.InitContainers ?? []).Concat(pod.Containers);

    public static V1Container Container(this V1PodSpec pod, string name) => pod.AllContainers().Single(c => c.Name == name);

    public static string Checksum(this V1PodTemplateSpec template) => template.Metadata.Annotations["redis-ha/config-checksum"];

    public static V1EnvVar? Env(this V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name);
}
