using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Lab.Clients;
using RedisHa.Lab.Observation;
using RedisHa.Lab.Tests.Support;
using RedisHa.Check;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisHa.Lab.Tests.PodFeatures;

/// <summary>Who gets in to a TLS pod lab: no plain-text client anywhere; with client authentication, only clients with a certificate.</summary>
public sealed class TlsAccessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Plain_text_is_refused_everywhere_and_clients_without_a_certificate_are_refused_when_they_must_have_one()
    {
        await using var s = await SettledScenario.StartAsync(output, "TLS with client authentication", options: o => o with
        {
            Tls = new TlsOptions { Enabled = true, SecretName = "lab", AuthClients = true },
            ReadEndpoint = new ReadEndpointOptions { Enabled = true },
        });
        var lab = s.Lab;
        var withCertificate = lab.Tls!;
        var withoutCertificate = new TlsClient(lab.CaFile!);
        var endpoint = s.EndpointHost;
        var readEndpoint = lab.HostAddress(s.Spec.Names.ReadEndpointService);
        // Everything a client could connect to: both endpoint Services, every node's Redis and Sentinel through its announce Service.
        var targets = new List<(string Host, int Port)> { (endpoint, RedisHaSpec.EndpointPort), (readEndpoint, RedisHaSpec.ReadEndpointPort) };
        targets.AddRange(Enumerable.Range(0, s.Spec.Replicas).SelectMany(i => new[] { (lab.NodeHost(i), RedisHaSpec.RedisPort), (lab.NodeHost(i), RedisHaSpec.SentinelPort) }));

        foreach (var (host, port) in targets)
        {
            // Sentinel knows few commands; its map keeps the client's handshake to those.
            var commands = port == RedisHaSpec.SentinelPort ? CommandMap.Sentinel : CommandMap.Default;
            // A probe gives up after 1 s; on a loaded 2-core machine a TLS handshake can take longer, so a few tries.
            await Eventually.Holds(TimeSpan.FromSeconds(10), $"{host}:{port} to answer a client with a certificate", async () =>
                await RedisProbe.ExecuteAsync(host, port, lab.Password, withCertificate, commands, "PING") is not null);
            Assert.True(await RedisProbe.ExecuteAsync(host, port, lab.Password, null, commands, "PING") is null, $"{host}:{port} answered in plain text");
            Assert.True(await RedisProbe.ExecuteAsync(host, port, lab.Password, withoutCertificate, commands, "PING") is null, $"{host}:{port} let in a client without a certificate");
        }

        // A raw client that writes plain RESP to the endpoint gets no reply, only a closed connection.
        using var plain = new RawRespConnection(endpoint, RedisHaSpec.EndpointPort, lab.Password);
        await Assert.ThrowsAsync<IOException>(() => plain.SendAsync(TimeSpan.FromSeconds(2), "PING"));
        using var tls = new RawRespConnection(endpoint, RedisHaSpec.EndpointPort, lab.Password, withCertificate);
        Assert.Equal("+PONG", await tls.SendAsync(TimeSpan.FromSeconds(2), "PING"));
        Assert.Equal("master", await RedisProbe.RoleAsync(endpoint, RedisHaSpec.EndpointPort, lab.Password, withCertificate));
        Assert.Equal("slave", await RedisProbe.RoleAsync(readEndpoint, RedisHaSpec.ReadEndpointPort, lab.Password, withCertificate));
        await s.AssertSingleMasterAsync();
    }
}
