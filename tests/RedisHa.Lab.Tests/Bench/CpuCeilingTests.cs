using RedisHa.Lab.Bench;
using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Tests.Bench;

/// <summary>How `bench endpoint` turns the CPU each process spent per request into what the cores allow.</summary>
public sealed class CpuCeilingTests
{
    private static LoadFigures Run(double clientMs, double? proxyMs, double redisMs, long requests = 100_000) =>
        new("t", "GET", requests, 1, 1, 1, 1, 1) { ClientCpuMs = clientMs, ProxyCpuMs = proxyMs, RedisCpuMs = redisMs };

    [Fact]
    public void Processes_that_share_the_cores_are_bounded_by_their_sum()
    {
        // 10 + 20 + 10 µs per request on 2 cores: 2 s of CPU per second / 40 µs = 50,000/s.
        Assert.Equal(50_000, CpuCeiling.RequestsPerSecond(Run(1000, 2000, 1000), cores: 2)!.Value, 6);
    }

    [Fact]
    public void A_single_threaded_client_or_redis_is_bounded_by_one_core()
    {
        // Direct: 10 + 5 µs would allow 133,333/s on 2 cores, but the client's one thread stops at 100,000/s.
        Assert.Equal(100_000, CpuCeiling.RequestsPerSecond(Run(1000, null, 500), cores: 2)!.Value, 6);
        Assert.Equal(50_000, CpuCeiling.RequestsPerSecond(Run(500, null, 2000), cores: 4)!.Value, 6);
    }

    [Fact]
    public void Without_the_clients_cpu_there_is_no_ceiling()
    {
        Assert.Null(CpuCeiling.RequestsPerSecond(new LoadFigures("t", "GET", 100, 1, 1, 1, 1, 1) { RedisCpuMs = 10 }, cores: 2));
    }

    [Fact]
    public async Task The_childrens_cpu_is_read_from_what_the_shells_times_prints()
    {
        // The same wrapper RedisBenchmark puts around redis-benchmark, around a child that burns CPU.
        var (code, output) = await HostCommand.RunAsync(
            ["sh", "-c", "\"$@\"; status=$?; times; exit $status", "sh", "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done; echo done"],
            TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.StartsWith("done\n", output, StringComparison.Ordinal);
        Assert.InRange(RedisBenchmark.ChildrenCpuMs(output) ?? -1, 1, 60_000);
        Assert.Null(RedisBenchmark.ChildrenCpuMs("\"GET\",\"1000.0\"\n"));
    }
}
