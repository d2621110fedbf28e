using System.Text;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// The listening lines shared by redis.conf and sentinel.conf. With TLS the plain port is closed
/// (<c>port 0</c>) and TLS takes the usual port, so clients, probes and HAProxy keep their port
/// numbers. The certificate files are appended by init.sh, because their folder differs between a
/// pod and the lab (REDIS_HA_TLS_DIR).
/// </summary>
internal static class TlsConf
{
    public static void AppendPorts(StringBuilder b, RedisHaSpec spec, int port)
    {
        if (!spec.Tls)
        {
            b.AppendLine($"port {port}");
            return;
        }
        b.AppendLine("port 0");
        b.AppendLine($"tls-port {port}");
        // Replication, and in Sentinel every link to Redis and to the other sentinels, over TLS too.
        b.AppendLine("tls-replication yes");
        // "no": a client needs no certificate of its own (the password authenticates it); every
        // connection still checks the server's certificate against ca.crt.
        b.AppendLine($"tls-auth-clients {(spec.Options.Tls.AuthClients ? "yes" : "no")}");
    }
}
