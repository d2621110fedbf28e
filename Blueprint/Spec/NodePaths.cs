namespace RedisHa.Blueprint.Spec;

/// <summary>
/// Where things live inside a redis+sentinel pod. The lab gives each node its own directory and
/// passes the same variables, so the scripts never know which one they run in.
/// </summary>
public static class NodePaths
{
    /// <summary>The ConfigMap with redis.conf and sentinel.conf templates (read-only).</summary>
    public const string ConfigDir = "/etc/redis-ha";
    /// <summary>The ConfigMap with the scripts (read-only).</summary>
    public const string ScriptsDir = "/opt/redis-ha";
    /// <summary>Redis data: a PersistentVolumeClaim or an emptyDir.</summary>
    public const string DataDir = "/data";
    /// <summary>Runtime configs written by the scripts (an emptyDir shared by the containers); holds the password, mode 600.</summary>
    public const string RunDir = "/run/redis-ha";
    /// <summary>
    /// The TLS Secret (tls.crt, tls.key, ca.crt; read-only), in the redis+sentinel pods and the HAProxy
    /// pods alike. Beside <see cref="ConfigDir"/>, not inside it: a mount point inside a ConfigMap
    /// volume is a directory the kubelet does not own and may remove when it updates the ConfigMap.
    /// </summary>
    public const string TlsDir = "/etc/redis-ha-tls";
    /// <summary>haproxy.cfg and the initial server state (read-only).</summary>
    public const string HaproxyConfigDir = "/usr/local/etc/haproxy";
    /// <summary>HAProxy's writable directory (an emptyDir): the admin socket.</summary>
    public const string HaproxyRunDir = "/var/run/haproxy";
}
