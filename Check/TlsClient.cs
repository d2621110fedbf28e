using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>
/// How a lab client speaks TLS: it trusts exactly one CA (the lab's throwaway one, not the system's)
/// and checks the name it connected to, as an application should; with client authentication it
/// shows a certificate of its own. One place for StackExchange.Redis and raw SslStream connections.
/// </summary>
public sealed class TlsClient
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2? _certificate;

    /// <param name="certificateFile">PEM certificate to show when the server asks for one; null for none.</param>
    public TlsClient(string caFile, string? certificateFile = null, string? keyFile = null)
    {
        CaFile = caFile;
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        if (certificateFile is not null) _certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
    }

    public string CaFile { get; }

    /// <summary>Turns TLS on for a StackExchange.Redis connection.</summary>
    public void Apply(ConfigurationOptions options)
    {
        options.Ssl = true;
        options.CertificateValidation += Validate;
        if (_certificate is not null) options.CertificateSelection += (_, _, _, _, _) => _certificate;
    }

    /// <summary>Wraps a connected stream; throws when the server's certificate is not good for <paramref name="host"/>.</summary>
    public async Task<SslStream> AuthenticateAsync(Stream inner, string host, CancellationToken cancel)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, Validate);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = _certificate is null ? null : [_certificate],
            }, cancel);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The name must match (the lab's certificate lists every lab address) and the chain must end
    /// at the lab's CA; the system's trust store plays no part either way.
    /// </summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(_ca);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return own.Build(leaf);
    }
}
