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
/// sends all of them to another cluster. Served to every Pulumi language by the component provider
/// in Provider/, whose schema is read from this class and <see cref="RedisHaClusterArgs"/>: so every
/// public instance property here is an <c>[Output]</c>, and the one public constructor has the
/// shape the provider calls, <c>(string name, RedisHaClusterArgs args, ComponentResourceOptions? options)</c>.
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

    /// <summary>The namespace of every object.</summary>
    [Output("namespace")]
    public Output<string> Namespace { get; private set; } = null!;

    /// <summary>Name of the master set in Sentinel, for Sentinel-aware clients.</summary>
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

    /// <summary>The Redis password, always a secret; null when auth is off.</summary>
    [Output("password")]
    public Output<string?> Password { get; private set; } = null!;

    /// <summary>
    /// Creates the cluster. With every input resolved, the inputs are validated before anything is
    /// registered, and a bad value throws listing every problem, each under its input's name.
    /// </summary>
    public RedisHaCluster(string name, RedisHaClusterArgs args, ComponentResourceOptions? options = null)
        // Resolved in the argument of a private constructor, so that validation runs before the base
        // constructor registers the component. Private, so the provider and the schema see one constructor.
        : this(name, ClusterPlan.Resolve(args), options)
    {
    }

    private RedisHaCluster(string name, ClusterPlan plan, ComponentResourceOptions? options)
        : base(TypeToken, name, options)
    {
        var spec = plan.Spec;
        var rendered = spec.Apply(s => (Spec: s, Blueprint: RedisHaBlueprint.Create(s)));
        var workloadDependencies = new List<Resource>();

        // The Blueprint renders a Namespace exactly when createNamespace is true, and decides what it
        // carries (its Pod Security labels); it becomes a typed resource so that it outlives the workload on delete.
        KubernetesNamespace? createdNamespace = null;
        if (plan.CreateNamespace)
        {
            createdNamespace = new KubernetesNamespace($"{name}-namespace", new NamespaceArgs
            {
                Metadata = rendered.Apply(r => NamespaceMetadata(r.Spec, r.Blueprint)),
            }, new CustomResourceOptions { Parent = this });
            workloadDependencies.Add(createdNamespace);
        }

        Output<string?> password = Output.CreateSecret((string?)null);
        Output<string?> passwordSecretName = Output.Create((string?)null);
        if (plan.Auth)
        {
            Output<string> plain;
            if (plan.Password is { } given)
            {
                plain = given;
            }
            else
            {
                plain = new RandomPassword($"{name}-password", new RandomPasswordArgs
                {
                    // Taken from the validated spec, like every child's inputs, so that inputs found bad
                    // only once they resolve leave no child registered, this one included.
                    Length = spec.Apply(_ => GeneratedPasswordLength),
                    Special = true,
                    OverrideSpecial = GeneratedPasswordSpecials,
                }, new CustomResourceOptions { Parent = this }).Result;
            }
            var secretValue = Output.CreateSecret<string>(plain);

            var secretArgs = new SecretArgs
            {
                Metadata = spec.Apply(s => new ObjectMetaArgs { Name = s.Names.PasswordSecret, Namespace = s.Namespace }),
                Type = "Opaque",
                StringData = { { ObjectNames.PasswordKey, secretValue } },
            };
            // During a rotation the pods read the password being replaced from the same Secret.
            if (plan.PreviousPassword is { } previous)
                secretArgs.StringData.Add(ObjectNames.PreviousPasswordKey, Output.CreateSecret<string>(previous));
            var secret = new KubernetesSecret($"{name}-auth", secretArgs, new CustomResourceOptions { Parent = this, DependsOn = workloadDependencies.ToList() });
            workloadDependencies.Add(secret);

            password = secretValue.Apply(p => (string?)p);
            passwordSecretName = Output.Tuple(secret.Urn, spec).Apply(t => (string?)t.Item2.Names.PasswordSecret);
        }

        // One ConfigGroup: the provider still creates (and previews) each object as its own resource.
        var workload = new ConfigGroup($"{name}-workload", new ConfigGroupArgs
        {
            Yaml = rendered.Apply(r => ManifestYaml.Serialize(r.Blueprint.Kubernetes.Workload)),
        }, new ComponentResourceOptions { Parent = this, DependsOn = workloadDependencies });

        // Outputs derived from a resource's URN depend on that resource, so whatever consumes them
        // waits until it exists.
        var afterWorkload = Output.Tuple(workload.Urn, spec).Apply(t => t.Item2);
        Endpoint = afterWorkload.Apply(s => s.Endpoint);
        SentinelEndpoint = afterWorkload.Apply(s => s.SentinelEndpoint);
        ReadEndpoint = afterWorkload.Apply(s => s.ReadEndpoint);
        Namespace = createdNamespace is null
            ? spec.Apply(s => s.Namespace)
            : Output.Tuple(createdNamespace.Urn, spec).Apply(t => t.Item2.Namespace);
        MasterName = spec.Apply(s => s.MasterName);
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

    private static ObjectMetaArgs NamespaceMetadata(RedisHaSpec spec, RedisHaBlueprint blueprint)
    {
        var rendered = blueprint.Kubernetes.All.OfType<k8s.Models.V1Namespace>().Single().Metadata;
        var metadata = new ObjectMetaArgs { Name = spec.Namespace };
        if (rendered?.Labels is { Count: > 0 } labels)
            metadata.Labels = new Dictionary<string, string>(labels);
        if (rendered?.Annotations is { Count: > 0 } annotations)
            metadata.Annotations = new Dictionary<string, string>(annotations);
        return metadata;
    }
}
