using System.Net;
using RedisHa.Blueprint.Files;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>haproxy.cfg with TLS: clients' TLS ends at HAProxy, which opens its own, verified TLS to every node.</summary>
public class HaproxyTlsConfigTests
{
    private const string Ca = "\"${REDIS_HA_TLS_DIR}/ca.crt\"";
    private const string Crt = "\"${REDIS_HA_TLS_DIR}/tls.crt\"";

    private static RedisHaSpec Spec(bool tls, bool authClients = false, bool read = false) => OptionsValidator.Validate(new RedisHaOptions
    {
        Tls = tls ? new TlsOptions { Enabled = true, SecretName = "redis-tls", AuthClients = authClients } : new TlsOptions(),
        ReadEndpoint = new ReadEndpointOptions { Enabled = read },
    });

    private static IReadOnlyList<HaproxySection> Sections(RedisHaSpec spec) => HaproxySection.Parse(HaproxyConfig.Render(spec));

    private static IEnumerable<string> AllLines(RedisHaSpec spec) => Sections(spec).SelectMany(s => s.Lines);

    [Fact]
    public void Without_tls_nothing_mentions_ssl()
    {
        var text = HaproxyConfig.Render(Spec(tls: false, read: true));

        Assert.DoesNotContain("ssl", text);
        Assert.DoesNotContain(Env.TlsDir, text);
    }

    [Fact]
    public void Client_frontends_end_tls_with_the_secrets_certificate_and_its_key_beside_it()
    {
        var spec = Spec(tls: true, read: true);
        var sections = Sections(spec);

        foreach (var frontend in new[] { HaproxyConfig.FrontendName, HaproxyReadEndpoint.FrontendName })
        {
            var bind = Assert.Single(sections.Single(s => s.Kind == "frontend" && s.Name == frontend).LinesStartingWith("bind "));
            Assert.EndsWith($" ssl crt {Crt}", bind);
        }
        // tls.key is found beside tls.crt, as the Secret mounts them: no PEM with the key is assembled anywhere.
        var global = sections.Single(s => s.Kind == "global").Lines;
        Assert.Contains("ssl-load-extra-del-ext", global);
        Assert.Contains("ssl-load-extra-files key", global);
        // The stats and metrics page stays plain HTTP for the kubelet's probes and Prometheus.
        Assert.DoesNotContain("ssl", string.Join('\n', sections.Single(s => s.Name == "stats").Lines));
    }

    [Fact]
    public void Every_server_and_every_check_connection_verifies_the_node_against_the_ca_only()
    {
        var spec = Spec(tls: true, read: true);
        var lines = AllLines(spec).ToList();

        var defaults = Assert.Single(lines, l => l.StartsWith("default-server ", StringComparison.Ordinal));
        Assert.EndsWith($" ssl verify required ca-file {Ca}", defaults);
        // Nodes are reached by the IPs they announce, which a certificate for DNS names does not list.
        Assert.DoesNotContain(lines, l => l.Contains("verifyhost", StringComparison.Ordinal) || l.Contains(" sni ", StringComparison.Ordinal));
        var connects = lines.Where(l => l.StartsWith("tcp-check connect", StringComparison.Ordinal)).ToList();
        // One per node backend, one for the read endpoint's replicas. (The sentinels are asked
        // through the sentinel links, whose servers take the default-server's TLS options above.)
        Assert.Equal(3 + 1, connects.Count);
        Assert.All(connects, c => Assert.EndsWith(" ssl", c));
    }

    [Fact]
    public void With_client_authentication_clients_must_show_a_certificate_and_haproxy_shows_its_own()
    {
        var spec = Spec(tls: true, authClients: true, read: true);
        var sections = Sections(spec);

        foreach (var frontend in new[] { HaproxyConfig.FrontendName, HaproxyReadEndpoint.FrontendName })
        {
            var bind = Assert.Single(sections.Single(s => s.Kind == "frontend" && s.Name == frontend).LinesStartingWith("bind "));
            Assert.EndsWith($" ssl crt {Crt} verify required ca-file {Ca}", bind);
        }
        var defaults = Assert.Single(sections.Single(s => s.Kind == "defaults").LinesStartingWith("default-server "));
        Assert.EndsWith($" ssl verify required ca-file {Ca} crt {Crt}", defaults);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Haproxy_loads_the_certificates_from_a_folder_laid_out_like_the_secret(bool authClients, bool read)
    {
        var spec = Spec(tls: true, authClients, read);
        var nodes = LoopbackAddress.RandomBlock(1, 2, 3);
        using var certificates = new TestCertificates(nodes);
        using var setup = new HaproxySetup(spec, IPAddress.Loopback, nodes, "secret");
        var env = new Dictionary<string, string?>(setup.Environment) { [Env.TlsDir] = certificates.Directory };

        var result = ExternalTool.Run("haproxy", ["-c", "-f", setup.ConfigPath], environment: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Configuration file is valid", result.Stdout + result.Stderr);
    }

    [Fact]
    public void Haproxy_refuses_to_start_without_the_key_beside_the_certificate()
    {
        var spec = Spec(tls: true);
        var nodes = LoopbackAddress.RandomBlock(1, 2, 3);
        using var certificates = new TestCertificates(nodes);
        File.Delete(certificates.KeyFile);
        using var setup = new HaproxySetup(spec, IPAddress.Loopback, nodes, "secret");
        var env = new Dictionary<string, string?>(setup.Environment) { [Env.TlsDir] = certificates.Directory };

        var result = ExternalTool.Run("haproxy", ["-c", "-f", setup.ConfigPath], environment: env);

        Assert.NotEqual(0, result.ExitCode);
    }
}
