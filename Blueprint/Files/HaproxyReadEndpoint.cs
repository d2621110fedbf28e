using System.Text;
using RedisHa.Blueprint.Spec;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// The read endpoint in haproxy.cfg: a second frontend whose backend has one server per node, UP
/// only while that node answers role:slave with master_link_status:up (a replica attached to its
/// master and past the initial sync). Like the master routes, every server starts DOWN
/// (<see cref="HaproxyServerState"/>) and its sessions are cut when it stops being such a
/// replica, e.g. when Sentinel promotes it.
/// When no replica is in sync, reads fall back to the approved master: the frontend then routes
/// exactly as the write endpoint does, to the same node backends, so the master is used only while
/// it passes the same checks (role:master, named by a quorum). A read that works slowly on the
/// master beats one refused; with no approved master either, connections are refused.
/// </summary>
public static class HaproxyReadEndpoint
{
    public const string FrontendName = "redis_read";
    public const string BackendName = "replicas";

    public static string ReplicaServer(int node) => $"replica_{node}";

    public static void Append(StringBuilder b, RedisHaSpec spec, string authPrefix)
    {
        if (!spec.HasReadEndpoint) return;
        b.AppendLine();
        b.AppendLine($"frontend {FrontendName}");
        b.AppendLine($"  bind \"${{{Env.HaproxyBind}}}:{RedisHaSpec.ReadEndpointPort}\"{HaproxyTls.Bind(spec)}");
        // Refused only when nothing can serve: no replica in sync and no approved master.
        HaproxyConfig.AppendMasterRouting(b, spec, fallback: BackendName);
        b.AppendLine($"  default_backend {HaproxyConfig.NoMasterBackend}");
        b.AppendLine();
        b.AppendLine($"backend {BackendName}");
        // Client connections are long-lived (pools): the replica holding the fewest gets the next.
        b.AppendLine("  balance leastconn");
        // A replica that died since its last check refuses the connection: try another one instead
        // of failing the client (any replica serves a read equally well).
        b.AppendLine("  option redispatch 1");
        b.AppendLine("  retries 2");
        b.AppendLine("  option tcp-check");
        b.AppendLine("  tcp-check comment \"a replica in sync with its master\"");
        b.AppendLine($"  tcp-check connect{HaproxyTls.CheckConnect(spec)}");
        // QUIT: the node closes after answering, so a replica that is not in sync fails at once.
        b.AppendLine($"  tcp-check send \"{authPrefix}{HaproxyResp.Command("INFO", "replication")}{HaproxyResp.Command("QUIT")}\"");
        b.AppendLine("  tcp-check expect string \"role:slave\"");
        b.AppendLine("  tcp-check expect string \"master_link_status:up\"");
        for (var node = 0; node < spec.Replicas; node++)
            b.AppendLine($"  server {ReplicaServer(node)} \"${{{Env.NodeIp(node)}}}:{RedisHaSpec.RedisPort}\" on-marked-down shutdown-sessions");
    }
}
