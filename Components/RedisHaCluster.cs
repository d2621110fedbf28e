using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;
using Pulumi.Random;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Spec;
using KubernetesNamespace = Pulumi.Kubernetes.Core.V1.Namespace;
using KubernetesSecret = Pulumi.Kubernetes.Core.V1.Secret;

namespace RedisHa.Components;

/// <summary>
/// Redis with Sentinel failover behind one HAProxy endpoint: the Blueprint's objects, carried to a cluster.
/// Every child has this component as parent, so a kubernetes entry in the options' <c>Providers</c>
/// sends all of them to another cluster.
/// </summary>
public sealed class RedisHaCluster : ComponentResource
{
    public const string TypeToken = "redis-ha:index:RedisHaCluster";

    private const int GeneratedPasswordLength = 32;

    /// <summary>
    /// Unreserved in URLs and free of ',', '=', quotes and '$', so a generated password goes into a
    /// redis:// URL, a client's connection string or a shell as it is; 32 characters of 66 still carry
    /// about 190 bits.
    /// </summary>
    private const string GeneratedPasswordSpecials = "-_.~";

    /// <summary>Where applications connect: host:port of the HAProxy Service, always routed to the master.</summary>
    [Output("endpoint")]
    public Output<string> Endpoint { get; private set; } = null!;

    [Output("namespace")]
    public Output<string> Namespace { get; private set; } = null!;

    [Output("masterName")]
    public Output<string> MasterName { get; private set; } = null!;

    /// <summary>host:port of the Sentinel Service, for Sentinel-aware clients.</summary>
    [Output("sentinelEndpoint")]
    public Output<string> SentinelEndpoint { get; private set; } = null!;

    /// <summary>host:port of the read endpoint (replicas in sync, the master as fallback); null unless readEndpoint.enabled.</summary>
    [Output("readEndpoint")]
    public Output<string?> ReadEndpoint { get; private set; } = null!;

    /// <summary>The Secret holding the password under <see cref="ObjectNames.PasswordKey"/>; null when auth is off.</summary>
    [Output("passwordSecretName")]
    public Output<string?> PasswordSecretName { get; private set; } = null!;

    /// <summary>Always a secret; null when auth is off.</summary>
    [Output("password")]
    public Output<string?> Password { get; private set; } = null!;

    public RedisHaCluster(string name, RedisHaClusterArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var spec = args.Spec;
        if (args.Password is not null && !spec.Auth)
            throw new ArgumentException("a password was given for a spec with auth off", nameof(args));

        var blueprint = RedisHaBlueprint.Create(spec);
        var workloadDependencies = new List<Resource>();

        // The Blueprint decides whether a Namespace is created and what it carries (its Pod Security
        // labels); it becomes a typed resource so that it outlives the workload on delete.
        KubernetesNamespace? createdNamespace = null;
        var namespaceObject = blueprint.Kubernetes.All.OfType<k8s.Models.V1Namespace>().SingleOrDefault();
        if (namespaceObject is not null)
        {
            var metadata = new ObjectMetaArgs { Name = spec.Namespace };
            if (namespaceObject.Metadata?.Labels is { Count: > 0 } labels)
                metadata.Labels = new Dictionary<string, string>(labels);
            if (namespaceObject.Metadata?.Annotations is { Count: > 0 } annotations)
                metadata.Annotations = new Dictionary<string, string>(annotations);
            createdNamespace = new KubernetesNamespace($"{name}-namespace", new NamespaceArgs
            {
                Metadata = metadata,
            }, new CustomResourceOptions { Parent = this });
            workloadDependencies.Add(createdNamespace);
        }

        Output<string?> password = Output.CreateSecret((string?)null);
        Output<string?> passwordSecretName = Output.Create((string?)null);
        if (spec.Auth)
        {
            Output<string> plain;
            if (args.Password is { } given)
            {
                plain = given;
            }
            else
            {
                plain = new RandomPassword($"{name}-password", new RandomPasswordArgs
                {
                    Length = GeneratedPasswordLength,
                    Special = true,
                    OverrideSpecial = GeneratedPasswordSpecials,
                }, new CustomResourceOptions { Parent = this }).Result;
            }
            var secretValue = Output.CreateSecret<string>(plain);

            var secret = new KubernetesSecret($"{name}-auth", new SecretArgs
            {
                Metadata = new ObjectMetaArgs { Name = spec.Names.PasswordSecret, Namespace = spec.Namespace },
                Type = "Opaque",
                StringData = { { ObjectNames.PasswordKey, secretValue } },
            }, new CustomResourceOptions { Parent = this, DependsOn = workloadDependencies.ToList() });
            workloadDependencies.Add(secret);

            password = secretValue.Apply(p => (string?)p);
            passwordSecretName = secret.Urn.Apply(_ => (string?)spec.Names.PasswordSecret);
        }

        // One ConfigGroup: the provider still creates (and previews) each object as its own resource.
        var workload = new ConfigGroup($"{name}-workload", new ConfigGroupArgs
        {
            Yaml = ManifestYaml.Serialize(blueprint.Kubernetes.Workload),
        }, new ComponentResourceOptions { Parent = this, DependsOn = workloadDependencies });

        // Outputs derived from a resource's URN depend on that resource, so whatever consumes them
        // waits until it exists.
        Endpoint = workload.Urn.Apply(_ => spec.Endpoint);
        SentinelEndpoint = workload.Urn.Apply(_ => spec.SentinelEndpoint);
        ReadEndpoint = workload.Urn.Apply(_ => spec.ReadEndpoint);
        Namespace = createdNamespace is null
            ? Output.Create(spec.Namespace)
            : createdNamespace.Urn.Apply(_ => spec.Namespace);
        MasterName = Output.Create(spec.MasterName);
        PasswordSecretName = passwordSecretName;
        Password = password;

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["endpoint"] = Endpoint,
            ["namespace"] = Namespace,
            ["masterName"] = MasterName,
            ["sentinelEndpoint"] = SentinelEndpoint,
            ["readEndpoint"] = ReadEndpoint,
            ["passwordSecretName"] = PasswordSecretName,
            ["password"] = Password,
        });
    }
}
