using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace RedisHa.Lab.Cluster.Controllers;

/// <summary>A short hash of a pod template: pods of another revision are rolled, as by controller-revision-hash and pod-template-hash.</summary>
public static class TemplateRevision
{
    public static string Of(V1PodTemplateSpec template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template))))[..10];
}
