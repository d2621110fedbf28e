using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Scripts;

/// <summary>The scripts must run under dash and busybox ash: POSIX sh only, shellcheck clean.</summary>
public class ScriptLintTests
{
    [Fact]
    public void The_scripts_folder_holds_the_node_and_proxy_scripts()
    {
        Assert.Superset(new HashSet<string> { "common.sh", "init.sh", "haproxy.sh", "redis.sh", "sentinel.sh", "watcher.sh", "prestop.sh", "readiness.sh", "liveness.sh" },
            ScriptFiles.Names.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ScriptFiles.Cases), MemberType = typeof(ScriptFiles))]
    public void Shellcheck_finds_nothing(string script)
    {
        // Run from the scripts folder so that -x follows "# shellcheck source=common.sh".
        var result = ExternalTool.Run("shellcheck", ["-x", "-s", "sh", script], RepoRoot.ScriptsDir);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(ScriptFiles.Cases), MemberType = typeof(ScriptFiles))]
    public void Dash_parses_it(string script)
    {
        // dash by name (Debian's /bin/sh, but "sh" may be another shell elsewhere).
        var result = ExternalTool.Run("dash", ["-n", ScriptFiles.PathOf(script)]);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(ScriptFiles.Cases), MemberType = typeof(ScriptFiles))]
    public void Busybox_ash_parses_it(string script)
    {
        var result = ExternalTool.Run("busybox", ["sh", "-n", ScriptFiles.PathOf(script)]);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Fact]
    public void The_redis_cli_writer_of_bench_clients_is_a_clean_POSIX_sh_script_too()
    {
        var writer = Path.Combine(RepoRoot.Path, "clients", "shell", "redis-cli-writer.sh");

        Assert.Equal("#!/bin/sh", File.ReadLines(writer).First());
        var lint = ExternalTool.Run("shellcheck", ["-s", "sh", writer]);
        Assert.True(lint.ExitCode == 0, lint.ToString());
        var parse = ExternalTool.Run("dash", ["-n", writer]);
        Assert.True(parse.ExitCode == 0 && parse.Stderr.Length == 0, parse.ToString());
    }

    [Theory]
    [MemberData(nameof(ScriptFiles.Cases), MemberType = typeof(ScriptFiles))]
    public void It_is_a_POSIX_sh_script(string script)
    {
        var firstLine = File.ReadLines(ScriptFiles.PathOf(script)).First();

        // common.sh is only sourced, so it declares its shell for shellcheck instead of a shebang.
        Assert.Equal(script == "common.sh" ? "# shellcheck shell=sh" : "#!/bin/sh", firstLine);
        Assert.DoesNotContain('\r', File.ReadAllText(ScriptFiles.PathOf(script)));
    }
}
