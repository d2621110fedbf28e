using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace RedisHa.Lab.Faults;

/// <summary>
/// Cuts a node off with iptables: packets between its address and every other lab address (nodes
/// and proxies) are dropped, both ways, as on a real network split (no RST, connections hang).
/// The rules live in a chain of this lab's own, so healing removes exactly them and nothing else.
/// Redis, Sentinel and HAProxy connect out from their node's address, so the cut is exact for
/// them. The scripts' redis-cli calls leave from 127.0.0.1 (redis-cli has no source option) and
/// are not cut: in the lab a partitioned node's watcher still sees the other sentinels.
/// </summary>
public sealed class Partition(string labDirectory)
{
    private readonly string _chain = "RHLAB-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(labDirectory)))[..12];

    public void Cut(string address, IEnumerable<string> others)
    {
        EnsureChain();
        var list = string.Join(',', others);
        // Everything the node sends is cut in one iptables call (one transaction): were its
        // clients' acknowledgements still to get out after its replicas were cut, the lab would
        // lose acknowledged writes that a real partition would not have acknowledged.
        Iptables("-A", _chain, "-s", address, "-d", list, "-j", "DROP");
        Iptables("-A", _chain, "-s", list, "-d", address, "-j", "DROP");
    }

    public void Heal(string address)
    {
        if (!ChainExists()) return;
        // Delete this address's rules one by one: other nodes may still be cut.
        var rules = Run("-S", _chain).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(r => r.StartsWith("-A ", StringComparison.Ordinal) && r.Contains($" {address}/32 ", StringComparison.Ordinal));
        foreach (var rule in rules) Iptables(["-D", .. rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>Removes the chain and its jump: used when the lab goes down.</summary>
    public void RemoveAll()
    {
        if (!ChainExists()) return;
        while (Run("-D", "OUTPUT", "-j", _chain).ExitCode == 0) { }
        Run("-F", _chain);
        Run("-X", _chain);
    }

    private void EnsureChain()
    {
        if (ChainExists()) return;
        Iptables("-N", _chain);
        // Loopback traffic passes OUTPUT once on its way; that is where both directions are cut.
        Iptables("-I", "OUTPUT", "-j", _chain);
    }

    private bool ChainExists() => Run("-S", _chain).ExitCode == 0;

    private static void Iptables(params string[] args)
    {
        var (code, output) = Run(args);
        if (code != 0) throw new InvalidOperationException($"iptables {string.Join(' ', args)} failed: {output.Trim()} (partitions need root and iptables)");
    }

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("iptables") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-w");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
