using System.Security.Cryptography;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tls;

/// <summary>
/// The lab's stand-in for cert-manager: a CA made for one lab, and one certificate signed by it for
/// every lab address, written as the TLS Secret's three files (tls.crt, tls.key, ca.crt) into a
/// folder the lab points REDIS_HA_TLS_DIR at. The CA's key is deleted once the certificate is
/// signed, so nothing else can ever be signed by it. Made with the openssl CLI, like an operator would.
/// </summary>
public static class ThrowawayCa
{
    public const string CaFile = "ca.crt";
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";

    /// <summary>Long enough for a lab left running, short enough not to matter if a file leaks.</summary>
    private const int Days = 30;

    /// <param name="ipAddresses">Every address a client, a node or a proxy connects to: IP subject alternative names.</param>
    public static async Task IssueAsync(string directory, IEnumerable<string> ipAddresses, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "openssl.cnf");
        // An own config, so the result does not depend on the machine's openssl.cnf.
        await File.WriteAllTextAsync(config, string.Join('\n',
        [
            "[req]",
            "distinguished_name = dn",
            "prompt = no",
            "[dn]",
            "CN = redis-ha lab",
            "[ca]",
            "basicConstraints = critical, CA:TRUE",
            "keyUsage = critical, keyCertSign, cRLSign",
            "subjectKeyIdentifier = hash",
            "[leaf]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature, keyEncipherment",
            // Redis uses its certificate as a client too (replication, Sentinel's links).
            "extendedKeyUsage = serverAuth, clientAuth",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            "subjectAltName = " + string.Join(", ", ipAddresses.Distinct().Select(ip => $"IP:{ip}").Append("DNS:localhost")),
            "",
        ]), cancel);
        string In(string name) => Path.Combine(directory, name);
        // P-256 keys: every check of HAProxy is a TLS handshake, and ECDSA makes them cheap.
        await RunAsync(cancel, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", In("ca.key"));
        await RunAsync(cancel, "req", "-x509", "-new", "-config", config, "-extensions", "ca", "-subj", "/CN=redis-ha lab CA",
            "-key", In("ca.key"), "-sha256", "-days", $"{Days}", "-out", In(CaFile));
        await RunAsync(cancel, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", In(KeyFile));
        await RunAsync(cancel, "req", "-new", "-config", config, "-key", In(KeyFile), "-out", In("tls.csr"));
        await RunAsync(cancel, "x509", "-req", "-in", In("tls.csr"), "-CA", In(CaFile), "-CAkey", In("ca.key"),
            "-set_serial", "0x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            "-days", $"{Days}", "-sha256", "-extfile", config, "-extensions", "leaf", "-out", In(CertificateFile));
        foreach (var leftover in new[] { "ca.key", "tls.csr", "openssl.cnf" }) File.Delete(In(leftover));
        // As the Secret's files are in a pod: readable by the user the processes run as, nobody else.
        if (OperatingSystem.IsWindows()) return; // the lab runs on Linux only; this keeps the analyzer content
        foreach (var file in new[] { CaFile, CertificateFile, KeyFile })
            File.SetUnixFileMode(In(file), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static async Task RunAsync(CancellationToken cancel, params string[] args)
    {
        cancel.ThrowIfCancellationRequested();
        var (code, output) = await HostCommand.RunAsync(["openssl", .. args], TimeSpan.FromSeconds(30), cancel);
        if (code != 0) throw new InvalidOperationException($"openssl {args[0]} failed (exit {code}): {output}");
    }
}
