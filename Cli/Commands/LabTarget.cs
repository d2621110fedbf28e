using RedisHa.Lab;

namespace RedisHa.Cli.Commands;

/// <summary>Resolves a fault's target: <c>master</c>, <c>node-N</c> or plain <c>N</c>.</summary>
internal static class LabTarget
{
    public static async Task<int?> ResolveNodeAsync(LabCluster lab, string target, TextWriter stderr)
    {
        if (target == "master")
        {
            var master = await lab.FindMasterAsync();
            if (master is null) stderr.WriteLine("error: no node is master right now (see 'redis-ha lab status')");
            return master;
        }
        var digits = target.StartsWith("node-", StringComparison.Ordinal) ? target[5..] : target;
        if (int.TryParse(digits, out var ordinal) && ordinal >= 0 && ordinal < lab.Nodes.Count) return ordinal;
        stderr.WriteLine($"error: '{target}' is not a node; use master or node-0 .. node-{lab.Nodes.Count - 1}");
        return null;
    }

    public static int? ResolveProxy(LabCluster lab, string target)
    {
        if (!target.StartsWith("proxy-", StringComparison.Ordinal)) return null;
        return int.TryParse(target[6..], out var index) && index >= 0 && index < lab.Proxies.Count ? index : null;
    }
}
