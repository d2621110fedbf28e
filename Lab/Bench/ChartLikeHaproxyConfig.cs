using System.Text;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Spec;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Lab.Bench;

/// <summary>
/// The comparison for `bench endpoint`: an HAProxy set up the way the popular redis-ha Helm chart
/// sets up its own (written here from that behaviour, not from its files): one backend holding
/// every node, each checked once a second for PING and role:master; per node a backend with one
/// server per sentinel, checked once a second for naming that node; a node gets a connection while
/// it passes and at least a quorum of its sentinel servers are UP. It reads the same variables as
/// redis-ha's own haproxy.cfg, so the two run side by side with the same environment.
/// </summary>
public static class ChartLikeHaproxyConfig
{
    private const string CheckInterval = "1s";

    public static string Render(RedisHaSpec spec)
    {
        var auth = spec.Auth ? HaproxyResp.Command(new HaproxyResp.Literal("AUTH"), new HaproxyResp.Variable(Env.Password, Env.PasswordBytes)) : "";
        var authExpect = spec.Auth ? "  tcp-check expect string +OK\n" : "";
        var b = new StringBuilder();
        b.AppendLine("global");
        b.AppendLine("  maxconn 4096");
        b.AppendLine();
        b.AppendLine("defaults");
        b.AppendLine("  mode tcp");
        b.AppendLine("  timeout connect 4s");
        b.AppendLine("  timeout client 330s");
        b.AppendLine("  timeout server 330s");
        b.AppendLine("  timeout check 2s");
        b.AppendLine();
        b.AppendLine("frontend chart_like_master");
        b.AppendLine($"  bind \"${{{Env.HaproxyBind}}}:{RedisHaSpec.EndpointPort}\"");
        b.AppendLine("  default_backend chart_like_redis");
        b.AppendLine();
        b.AppendLine("backend chart_like_redis");
        b.AppendLine("  option tcp-check");
        b.AppendLine("  tcp-check connect");
        b.Append($"  tcp-check send \"{auth}{HaproxyResp.Command("PING")}\"\n").Append(authExpect);
        b.AppendLine("  tcp-check expect string +PONG");
        b.AppendLine($"  tcp-check send \"{HaproxyResp.Command("INFO", "replication")}\"");
        b.AppendLine("  tcp-check expect string role:master");
        b.AppendLine($"  tcp-check send \"{HaproxyResp.Command("QUIT")}\"");
        b.AppendLine("  tcp-check expect string +OK");
        for (var node = 0; node < spec.Replicas; node++)
            b.AppendLine($"  use-server node_{node} if {{ srv_is_up(node_{node}) }} {{ nbsrv(chart_like_sentinels_naming_{node}) ge {spec.Quorum} }}");
        for (var node = 0; node < spec.Replicas; node++)
            b.AppendLine($"  server node_{node} \"${{{Env.NodeIp(node)}}}:{RedisHaSpec.RedisPort}\" check inter {CheckInterval} fall 1 rise 1");
        for (var node = 0; node < spec.Replicas; node++)
        {
            b.AppendLine();
            b.AppendLine($"backend chart_like_sentinels_naming_{node}");
            b.AppendLine("  option tcp-check");
            b.AppendLine("  tcp-check connect");
            b.Append($"  tcp-check send \"{auth}{HaproxyResp.Command("SENTINEL", "get-master-addr-by-name", spec.MasterName)}\"\n").Append(authExpect);
            b.AppendLine($"  tcp-check expect string \"${{{Env.NodeIp(node)}}}\"");
            for (var sentinel = 0; sentinel < spec.Replicas; sentinel++)
                b.AppendLine($"  server sentinel_{sentinel} \"${{{Env.NodeIp(sentinel)}}}:{RedisHaSpec.SentinelPort}\" check inter {CheckInterval}");
        }
        return b.ToString();
    }
}
