using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>redis.conf and sentinel.conf with and without TLS (the certificate files are init.sh's part).</summary>
public class TlsConfTests
{
    private static RedisHaSpec Spec(bool tls, bool authClients = false) => OptionsValidator.Validate(new RedisHaOptions
    {
        Tls = tls ? new TlsOptions { Enabled = true, SecretName = "redis-tls", AuthClients = authClients } : new TlsOptions(),
    });

    public static TheoryData<string, int> Files => new()
    {
        { ConfigFiles.RedisConfName, RedisHaSpec.RedisPort },
        { ConfigFiles.SentinelConfName, RedisHaSpec.SentinelPort },
    };

    private static IReadOnlyList<string> Lines(RedisHaSpec spec, string file) =>
        ConfigText.Lines(new ConfigFiles(spec).ServerFiles[file]);

    [Theory]
    [MemberData(nameof(Files))]
    public void Without_tls_only_the_plain_port(string file, int port)
    {
        var lines = Lines(Spec(tls: false), file);

        Assert.Contains($"port {port}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("tls-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void With_tls_the_plain_port_is_closed_and_tls_takes_the_usual_port(string file, int port)
    {
        var lines = Lines(Spec(tls: true), file);

        Assert.Contains("port 0", lines);
        Assert.DoesNotContain($"port {port}", lines);
        Assert.Contains($"tls-port {port}", lines);
        // Sentinel's links to Redis and to the other sentinels follow tls-replication too.
        Assert.Contains("tls-replication yes", lines);
        Assert.Contains("tls-auth-clients no", lines);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Client_authentication_is_switched_on_by_its_option(string file, int port)
    {
        var lines = Lines(Spec(tls: true, authClients: true), file);

        Assert.Contains("tls-auth-clients yes", lines);
        Assert.Contains($"tls-port {port}", lines);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_certificate_files_are_left_to_init_sh_since_their_folder_differs_between_pod_and_lab(string file, int port)
    {
        var lines = Lines(Spec(tls: true), file);

        Assert.DoesNotContain(lines, l => l.StartsWith("tls-cert-file", StringComparison.Ordinal) || l.StartsWith("tls-key-file", StringComparison.Ordinal)
            || l.StartsWith("tls-ca-cert-file", StringComparison.Ordinal));
        Assert.True(port > 0);
    }
}
