using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Tests.Support;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>
/// The pre-stop hooks against a real master and replica whose sentinels accept connections but
/// never answer (a stopped process, a black-holed node): the handover must still end within its
/// budget, with writes resumed. The replica is on an IPv4 address or on ::1, where the master's
/// INFO says "slave0:ip=::1,port=...": the handover must still see it catch up.
/// </summary>
public sealed class PrestopTests : IDisposable
{
    // For catching up and asking three sentinels, which take 3 s each when nothing bounds them.
    private const int BudgetMs = 6000;
    /// <summary>The resolution of /proc/uptime, the scripts' clock.</summary>
    private const int UptimeTickMs = 10;
    private readonly TempDirectory _dir = new();
    private readonly List<BackgroundProcess> _processes = [];
    private readonly List<TcpListener> _silentSentinels = [];
    private IPAddress _master = IPAddress.None;
    private IPAddress _replica = IPAddress.None;
    private IPAddress _third = IPAddress.None;
    private int _redisPort;
    private int _sentinelPort;

    /// <param name="sentinelsNamingThird">How many of the sentinels (on the master's address, then on
    /// the replica's) are real redis-sentinels that name the third address as master, as sentinels do
    /// that followed a failover of their own.</param>
    /// <param name="otherSentinelsReal">Whether the other sentinels are real redis-sentinels that name
    /// the master (a handover then really happens), rather than silent listeners.</param>
    private void StartNodes(bool ipv6Replica, int sentinelsNamingThird = 0, bool otherSentinelsReal = false)
    {
        var block = LoopbackAddress.RandomBlock(1, 2, 3);
        (_master, _third) = (block[0], block[2]);
        _replica = ipv6Replica ? IPAddress.IPv6Loopback : block[1];
        _redisPort = LoopbackAddress.FreePort(_replica);
        _sentinelPort = LoopbackAddress.FreePort(_replica);
        StartRedis(_master, "min-replicas-to-write 1\nmin-replicas-max-lag 10\n");
        StartRedis(_replica, $"replicaof {_master} {_redisPort}\nreplica-announce-ip {_replica}\n");
        var sentinelAddresses = new[] { _master, _replica, _third };
        foreach (var address in sentinelAddresses.Take(sentinelsNamingThird)) StartSentinel(address, names: _third);
        foreach (var address in sentinelAddresses.Skip(sentinelsNamingThird).Where(_ => otherSentinelsReal)) StartSentinel(address, names: _master);
        foreach (var address in sentinelAddresses.Skip(sentinelsNamingThird).Where(_ => !otherSentinelsReal))
        {
            // Listening, so connections succeed, but nothing ever reads or answers.
            var listener = new TcpListener(address, _sentinelPort);
            listener.Start();
            _silentSentinels.Add(listener);
        }
        using var master = RespConnection.Open(_master, _redisPort);
        Poll.Until(() => master.Call("INFO", "replication").Contains("state=online", StringComparison.Ordinal), TimeSpan.FromSeconds(15),
            () => master.Call("INFO", "replication"));
        Assert.Equal("OK", master.Call("SET", "before-handover", "1"));
    }

    private void StartSentinel(IPAddress address, IPAddress names)
    {
        var conf = _dir.Write($"sentinel-{_processes.Count}.conf", $"port {_sentinelPort}\nbind {address}\ndir {_dir.Path}\nsentinel monitor mymaster {names} {_redisPort} 2\n");
        var process = BackgroundProcess.Start("redis-sentinel", [conf], _dir.Path);
        _processes.Add(process);
        using var sentinel = RespConnection.OpenWhenListening(address, _sentinelPort, process);
        Assert.Equal($"{names}\n{_redisPort}", sentinel.Call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    }

    private void StartRedis(IPAddress address, string extra) =>
        _processes.Add(LoopbackRedis.Start(_dir, $"redis-{_processes.Count}", address, _redisPort, extra));

    private Dictionary<string, string?> NodeEnvironment(int ordinal, int budgetMs, int pauseBudgetMs = 750) => ScriptShell.Environment(new Dictionary<string, string?>
    {
        [Env.WritePauseBudgetMs] = pauseBudgetMs.ToString(CultureInfo.InvariantCulture),
        [Env.Nodes] = $"{_master} {_replica} {_third}",
        [Env.PodName] = $"redis-ha-server-{ordinal}",
        [Env.Quorum] = "2",
        [Env.RedisPort] = _redisPort.ToString(CultureInfo.InvariantCulture),
        [Env.SentinelPort] = _sentinelPort.ToString(CultureInfo.InvariantCulture),
        [Env.HandoverTimeoutMs] = budgetMs.ToString(CultureInfo.InvariantCulture),
    });

    public static TheoryData<string, bool> Cases => new() { { "dash", false }, { "busybox", false }, { "dash", true }, { "busybox", true } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void With_silent_sentinels_the_handover_ends_within_its_budget_and_resumes_writes(string shell, bool ipv6Replica)
    {
        StartNodes(ipv6Replica);
        var clock = Stopwatch.StartNew();

        var result = ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(0, BudgetMs), TimeSpan.FromSeconds(60));

        var elapsed = clock.ElapsedMilliseconds;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Stderr.Contains("replicas caught up at offset", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Stderr.Contains("no sentinel accepted the failover; resuming writes", StringComparison.Ordinal), result.ToString());
        // The budget, plus the slack the grace period gives the hook (its cleanup, its shell's start).
        Assert.True(elapsed < BudgetMs + FailoverTimings.PreStopSlackSeconds * 1000, $"took {elapsed} ms of a {BudgetMs} ms budget\n{result}");
        using var master = RespConnection.Open(_master, _redisPort);
        Assert.Equal("OK", master.Call("SET", "after-handover", "1"));
        Assert.Equal("min-replicas-to-write\n1", master.Call("CONFIG", "GET", "min-replicas-to-write"));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_sentinel_that_names_another_master_is_not_asked_to_fail_over(string shell)
    {
        // Sentinel failed over on its own while writes were paused, and this sentinel follows the
        // node it promoted: a FAILOVER now would move the master away from that node again.
        StartNodes(ipv6Replica: false, sentinelsNamingThird: 1);

        var result = ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(0, BudgetMs), TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"sentinel {_master} names another master: no failover requested from it", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("no sentinel accepted the failover; resuming writes", result.Stderr, StringComparison.Ordinal);
        using var sentinel = RespConnection.Open(_master, _sentinelPort);
        Assert.Equal($"{_third}\n{_redisPort}", sentinel.Call("SENTINEL", "get-master-addr-by-name", "mymaster"));
        using var master = RespConnection.Open(_master, _redisPort);
        Assert.Equal("OK", master.Call("SET", "after-handover", "1"));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_failover_Sentinel_made_on_its_own_ends_the_catch_up_wait_however_slow_each_poll_is(string shell)
    {
        // A quorum of sentinels names another node (Sentinel failed over while writes were paused),
        // and the replica answers nothing, so each catch-up poll takes the whole 3 s call bound.
        StartNodes(ipv6Replica: false, sentinelsNamingThird: 2);
        _processes[1].Freeze();

        // Twelve seconds are four polls: counted in polls, the sentinels would not have been asked in time.
        var result = ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(0, 12000), TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Sentinel has failed over to {_third} on its own while replicas caught up", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("failover requested", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas did not catch up in time", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public async Task A_catch_up_longer_than_the_pause_budget_resumes_writes_and_the_next_try_hands_over(string shell)
    {
        // A replica that answers nothing for 2 s: a try must not keep writes paused past its budget
        // (Sentinel would take the master for down), and none may be lost when a later try hands over.
        StartNodes(ipv6Replica: false, otherSentinelsReal: true);
        _processes[1].Freeze();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => WriteUntilCut(stop.Token));

        var hook = Task.Run(() => ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(0, 15000, pauseBudgetMs: 500), TimeSpan.FromSeconds(60)));
        await Task.Delay(2000);
        _processes[1].Thaw();
        var result = await hook;
        await stop.CancelAsync();
        var writes = await writer;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("replicas did not catch up within 500 ms; writes resumed, trying again", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"handed over to {_replica}", result.Stderr, StringComparison.Ordinal);
        // A write held by a try's pause went through once the try gave up, well before the replica woke.
        var longest = writes.Max(w => w.Took);
        Assert.True(longest >= TimeSpan.FromMilliseconds(200) && longest < TimeSpan.FromMilliseconds(500 + 1500),
            $"longest acknowledged write {longest.TotalMilliseconds:0} ms\n{result}");
        using var promoted = RespConnection.Open(_replica, _redisPort);
        Assert.All(writes, w => Assert.Equal(w.Key, promoted.Call("GET", w.Key)));
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void The_failover_is_requested_in_step_with_the_sentinels_INFO_so_the_promotion_is_seen_soon_after_it_happens(string shell)
    {
        // Real sentinels; the one on the master's address is asked first. During a failover it asks
        // the replica for INFO a second after the last reply, and sees the promotion only then. The
        // hook makes it ask just before the pause, so that second ends shortly after the promotion.
        StartNodes(ipv6Replica: false, otherSentinelsReal: true);
        var environment = NodeEnvironment(0, 15000);
        environment[Env.SentinelInfoPeriodMs] = "600";
        // Settled, as in a running cluster: the sentinel has seen the replica's link up. Until then
        // (a replica it has just found) it asks that replica every second, whatever its INFO period.
        using (var sentinel = RespConnection.Open(_master, _sentinelPort))
            Poll.Until(() => sentinel.Call("SENTINEL", "REPLICAS", "mymaster").Contains("master-link-down-time\n0\n", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), () => sentinel.Call("SENTINEL", "REPLICAS", "mymaster"));

        var result = ScriptShell.Script(shell, "prestop.sh", environment, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"handed over to {_replica}", result.Stderr, StringComparison.Ordinal);
        // Asked a moment before (the INFO period was 1 ms for 150 ms), not seconds before.
        var age = Regex.Match(result.Stderr, $@"sentinel {Regex.Escape(_master.ToString())} had the replicas' INFO (\d+) ms before; pausing 350 ms after it");
        Assert.True(age.Success && int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture) < 350, result.ToString());
        using (var sentinel = RespConnection.Open(_master, _sentinelPort))
            Assert.Contains("INFO-PERIOD\n600\n", sentinel.Call("SENTINEL", "DEBUG") + "\n", StringComparison.Ordinal);
        // The sentinel on the master's address: started first, after the two redis-servers.
        var leaderLog = _processes[2].Output;
        var elected = SentinelEventTime(leaderLog, "+elected-leader");
        var promoted = SentinelEventTime(leaderLog, "+promoted-slave");
        // In step: 455 to 589 ms here, the INFO a second after the one asked for; out of step, 534 to
        // 1060 ms (mostly above 800), the INFO a second after whichever came last before the request.
        Assert.True(promoted - elected < TimeSpan.FromMilliseconds(750), $"+elected-leader {elected}, +promoted-slave {promoted}\n{leaderLog}\n{result}");
    }

    /// <summary>When a sentinel logged an event (its log lines carry the time to the millisecond).</summary>
    private static TimeSpan SentinelEventTime(string log, string sentinelEvent)
    {
        var line = Regex.Match(log, $@"(\d\d:\d\d:\d\d\.\d{{3}}) . {Regex.Escape(sentinelEvent)} ");
        Assert.True(line.Success, $"no {sentinelEvent} in\n{log}");
        return TimeSpan.ParseExact(line.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
    }

    /// <summary>SETs on the master every 20 ms until cancelled or until the hook cuts the connection; the acknowledged ones.</summary>
    private List<(string Key, TimeSpan Took)> WriteUntilCut(CancellationToken stop)
    {
        var acknowledged = new List<(string, TimeSpan)>();
        using var master = RespConnection.Open(_master, _redisPort);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"write-{n}";
            var clock = Stopwatch.StartNew();
            try
            {
                if (master.Call("SET", key, key) != "OK") break;
            }
            catch (IOException) { break; }
            acknowledged.Add((key, clock.Elapsed));
            Thread.Sleep(20);
        }
        return acknowledged;
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void The_sentinels_hook_waits_while_its_node_is_master_and_no_longer_than_the_budget(string shell)
    {
        StartNodes(ipv6Replica: false);

        var replicaClock = Stopwatch.StartNew();
        var onReplica = ScriptShell.Script(shell, "sentinel-prestop.sh", NodeEnvironment(1, 1500), TimeSpan.FromSeconds(30));
        var replicaMs = replicaClock.ElapsedMilliseconds;
        var masterClock = Stopwatch.StartNew();
        var onMaster = ScriptShell.Script(shell, "sentinel-prestop.sh", NodeEnvironment(0, 1500), TimeSpan.FromSeconds(30));
        var masterMs = masterClock.ElapsedMilliseconds;

        Assert.True(onReplica.ExitCode == 0 && replicaMs < 1000, $"{replicaMs} ms\n{onReplica}");
        // The hook's clock is /proc/uptime, which ticks in 10 ms steps: its first reading can be up to
        // 10 ms old, so it may end that much before 1500 ms of wall time (1499 ms seen in CI).
        Assert.True(onMaster.ExitCode == 0 && masterMs is >= 1500 - UptimeTickMs and < 2500, $"{masterMs} ms\n{onMaster}");
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public void A_replica_that_stops_tells_Sentinel_never_to_promote_it_and_waits_a_moment_before_it_goes(string shell)
    {
        StartNodes(ipv6Replica: false);
        var clock = Stopwatch.StartNew();

        var result = ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(1, BudgetMs), TimeSpan.FromSeconds(60));

        var elapsed = clock.ElapsedMilliseconds;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not master: nothing to hand over", result.Stderr, StringComparison.Ordinal);
        using var replica = RespConnection.Open(_replica, _redisPort);
        Assert.Equal("replica-priority\n0", replica.Call("CONFIG", "GET", "replica-priority"));
        // Redis kept running for the settle window (a master's handover starting at the same moment
        // would be under way by then), and the hook still ended within its budget.
        Assert.True(elapsed is >= 3000 - UptimeTickMs and < BudgetMs + FailoverTimings.PreStopSlackSeconds * 1000, $"took {elapsed} ms\n{result}");
    }

    [Theory]
    [MemberData(nameof(ScriptShell.Shells), MemberType = typeof(ScriptShell))]
    public async Task A_replica_promoted_while_it_stops_takes_the_handover_on_itself(string shell)
    {
        StartNodes(ipv6Replica: false);

        // Another pod's handover picked this replica before Sentinel saw its priority 0.
        var hook = Task.Run(() => ScriptShell.Script(shell, "prestop.sh", NodeEnvironment(1, BudgetMs), TimeSpan.FromSeconds(60)));
        using (var replica = RespConnection.Open(_replica, _redisPort))
        {
            // Promoted once the hook has taken the replica's path (priority 0) and waits out its
            // settle window: polled here, not after a fixed delay, which a busy test run can stretch
            // past the window (a fresh CI machine did, and the hook found no master to hand over).
            Poll.Until(() => replica.Call("CONFIG", "GET", "replica-priority") == "replica-priority\n0" || hook.IsCompleted,
                TimeSpan.FromSeconds(30), () => "the hook never set replica-priority 0");
            if (hook.IsCompleted) Assert.Fail($"the hook ended before the replica was promoted\n{await hook}");
            Assert.Equal("OK", replica.Call("REPLICAOF", "NO", "ONE"));
        }
        var result = await hook;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Stderr.Contains("became master while stopping: handing over", StringComparison.Ordinal), result.ToString());
        Assert.False(result.Stderr.Contains("not master: nothing to hand over", StringComparison.Ordinal), result.ToString());
    }

    public void Dispose()
    {
        foreach (var listener in _silentSentinels) listener.Dispose();
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        _dir.Dispose();
    }
}
