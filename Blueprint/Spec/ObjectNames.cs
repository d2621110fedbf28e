namespace RedisHa.Blueprint.Spec;

/// <summary>Every Kubernetes object name, derived once from the deployment's name.</summary>
public sealed record ObjectNames(string Name)
{
    public string ServerStatefulSet => $"{Name}-server";
    public string HeadlessService => $"{Name}-headless";
    // The ConfigMaps' base names: each ConfigMap is named "<base>-<hash of its content>" (Kubernetes.ConfigMapNames).
    public string ServerConfigMap => $"{Name}-config";
    public string ScriptsConfigMap => $"{Name}-scripts";
    public string HaproxyConfigMap => $"{Name}-haproxy";
    public string HaproxyScriptsConfigMap => $"{Name}-haproxy-scripts";
    public string HaproxyDeployment => $"{Name}-haproxy";
    /// <summary>The single endpoint applications connect to: the plain name reads best in a connection string.</summary>
    public string EndpointService => Name;
    public string SentinelService => $"{Name}-sentinel";
    /// <summary>The read endpoint (replicas only), when enabled.</summary>
    public string ReadEndpointService => $"{Name}-read";
    public string PasswordSecret => $"{Name}-auth";
    public string ServiceAccount => Name;
    public string Pod(int ordinal) => $"{ServerStatefulSet}-{ordinal}";
    public string AnnounceService(int ordinal) => $"{Name}-announce-{ordinal}";

    /// <summary>The Secret key that holds the password.</summary>
    public const string PasswordKey = "password";
    /// <summary>The Secret's key for the previous password, present only during a rotation.</summary>
    public const string PreviousPasswordKey = "previous-password";

    /// <summary>
    /// Longest name that keeps every derived name legal: the StatefulSet name plus the
    /// controller-revision-hash suffix must fit a 63-character label value, so
    /// <c>{name}-server</c> may have at most 52 characters.
    /// </summary>
    public const int MaxNameLength = 52 - 7;
}
