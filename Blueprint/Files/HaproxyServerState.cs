using System.Text;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// A server-state file that HAProxy loads at start to put every server DOWN until its first check
/// passes (an approval server: in maintenance until its sentinel names the node). Without it
/// HAProxy starts servers UP, and before the first round of checks the frontend would count every
/// node as sentinel-approved and could route to a replica or a stale master.
/// (HAProxy 3.1's init-state does the same, but 2.x has no such keyword.)
/// </summary>
public static class HaproxyServerState
{
    public static string Render(RedisHaSpec spec)
    {
        var b = new StringBuilder();
        b.AppendLine("1");
        b.AppendLine("# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord");
        var id = 0;
        for (var node = 0; node < spec.Replicas; node++)
        {
            b.AppendLine(Down(++id, HaproxyBackends.Node(node), 1, HaproxyBackends.RedisServer, RedisHaSpec.RedisPort));
            var approval = ++id;
            for (var sentinel = 0; sentinel < spec.Replicas; sentinel++)
                b.AppendLine(InMaintenance(approval, HaproxyBackends.Approval(node), sentinel + 1, HaproxyBackends.Sentinel(sentinel), RedisHaSpec.SentinelPort));
        }
        if (spec.HasReadEndpoint)
        {
            // The read endpoint's replicas start DOWN too: a node may be a master or still syncing.
            id++;
            for (var node = 0; node < spec.Replicas; node++)
                b.AppendLine(Down(id, HaproxyReadEndpoint.BackendName, node + 1, HaproxyReadEndpoint.ReplicaServer(node), RedisHaSpec.RedisPort));
        }
        return b.ToString();
    }

    // HAProxy matches entries by backend and server name; ids and address are placeholders.
    // op_state 0 = stopped; check_health 0 = needs 'rise' passing checks. The port is applied to the
    // server, so it must be the server's own (26379 for a sentinel).
    private static string Down(int backendId, string backend, int serverId, string server, int port) =>
        $"{backendId} {backend} {serverId} {server} 0.0.0.0 0 0 1 1 0 1 0 0 6 0 0 0 - {port} -";

    // An approval server has no check: sentinel-approvals.lua makes it ready once its sentinel names
    // the node. Until then it is in maintenance (admin_state 1, forced), which counts as not UP.
    private static string InMaintenance(int backendId, string backend, int serverId, string server, int port) =>
        $"{backendId} {backend} {serverId} {server} 0.0.0.0 0 1 1 1 0 1 0 0 0 0 0 0 - {port} -";
}
