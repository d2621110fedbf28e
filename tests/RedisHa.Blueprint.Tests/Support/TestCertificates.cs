using System.Net;

namespace RedisHa.Blueprint.Tests.Support;

/// <summary>
/// A folder laid out like the TLS Secret (ca.crt, tls.crt, tls.key): a fresh CA and one P-256
/// certificate for the given addresses, made with the openssl CLI. What cert-manager would mount.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TestCertificates(IEnumerable<IPAddress> addresses)
    {
        var sans = string.Join(", ", addresses.Select(a => $"IP:{a}").Append("DNS:localhost"));
        var config = _dir.Write("openssl.cnf", $"""
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = redis-ha test
            [ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            [leaf]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth, clientAuth
            subjectAltName = {sans}

            """);
        OpenSsl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", _dir.File("ca.key"));
        OpenSsl("req", "-x509", "-new", "-config", config, "-extensions", "ca", "-key", _dir.File("ca.key"), "-days", "1", "-out", CaFile);
        OpenSsl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", KeyFile);
        OpenSsl("req", "-new", "-config", config, "-key", KeyFile, "-out", _dir.File("tls.csr"));
        OpenSsl("x509", "-req", "-in", _dir.File("tls.csr"), "-CA", CaFile, "-CAkey", _dir.File("ca.key"), "-set_serial", "1",
            "-days", "1", "-extfile", config, "-extensions", "leaf", "-out", CertificateFile);
    }

    public string Directory => _dir.Path;
    public string CaFile => _dir.File("ca.crt");
    public string CertificateFile => _dir.File("tls.crt");
    public string KeyFile => _dir.File("tls.key");

    private static void OpenSsl(params string[] args)
    {
        var result = ExternalTool.Run("openssl", args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"openssl {args[0]}: {result}");
    }

    public void Dispose() => _dir.Dispose();
}
