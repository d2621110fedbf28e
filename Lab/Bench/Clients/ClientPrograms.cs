using RedisHa.Lab.Node.Network;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>
/// The writer programs `bench clients` runs (clients/README.md): where they are, and getting them
/// ready (the two .NET ones are built here; the Node.js packages must have been installed).
/// </summary>
public static class ClientPrograms
{
    /// <summary>Libraries in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> Libraries = ["StackExchange.Redis 3", "StackExchange.Redis 2", "ioredis", "node-redis", "redis-py", "redis-cli"];

    /// <summary>
    /// The repository's clients/ folder: REDIS_HA_CLIENTS when set, else the first clients/ beside the
    /// current folder or the program's folder or one of their parents (a checkout run with `dotnet run`).
    /// </summary>
    public static string FindDirectory()
    {
        if (Environment.GetEnvironmentVariable("REDIS_HA_CLIENTS") is { Length: > 0 } configured) return configured;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "clients");
                if (File.Exists(Path.Combine(candidate, "README.md")) && Directory.Exists(Path.Combine(candidate, "node"))) return candidate;
            }
        }
        throw new InvalidOperationException("cannot find the clients/ folder of a redis-ha checkout: run from the checkout, or set REDIS_HA_CLIENTS to it");
    }

    /// <summary>Every program for <paramref name="libraries"/> (all when null), with both settings; redis-cli has no settings to choose.</summary>
    public static IReadOnlyList<ClientProgram> For(string directory, IReadOnlyCollection<string>? libraries = null)
    {
        var unknown = (libraries ?? []).Where(l => !Libraries.Contains(l)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown client {string.Join(", ", unknown)}; known: {string.Join(", ", Libraries)}");
        var node = Path.Combine(directory, "node");
        var programs = new List<ClientProgram>();
        foreach (var library in Libraries.Where(l => libraries is null || libraries.Contains(l)))
        {
            foreach (var settings in library == "redis-cli" ? [ClientProgram.Defaults] : new[] { ClientProgram.Defaults, ClientProgram.Recommended })
            {
                programs.Add(library switch
                {
                    "StackExchange.Redis 3" => DotnetWriter(directory, "SeRedis3", library, settings),
                    "StackExchange.Redis 2" => DotnetWriter(directory, "SeRedis2", library, settings),
                    "ioredis" => new ClientProgram(library, settings, "node", [Path.Combine(node, "ioredis-writer.js")], node),
                    "node-redis" => new ClientProgram(library, settings, "node", [Path.Combine(node, "node-redis-writer.js")], node),
                    // Debian's interpreter, which has python3-redis, whatever python3 comes first on PATH.
                    "redis-py" => new ClientProgram(library, settings, "/usr/bin/python3", [Path.Combine(directory, "python", "redis_py_writer.py")], directory),
                    _ => new ClientProgram(library, settings, "/bin/sh", [Path.Combine(directory, "shell", "redis-cli-writer.sh")], directory),
                });
            }
        }
        return programs;
    }

    /// <summary>Builds the .NET writers and checks that the others can run; every problem at once.</summary>
    public static async Task PrepareAsync(string directory, IReadOnlyList<ClientProgram> programs, CancellationToken cancel)
    {
        var problems = new List<string>();
        foreach (var project in programs.Where(p => p.FileName == "dotnet").Select(p => Path.GetDirectoryName(p.Arguments[0])!).Distinct())
        {
            // The dll's folder is bin/Release/net10.0 under the project's.
            var projectDir = Path.GetFullPath(Path.Combine(project, "..", "..", ".."));
            var (code, output) = await HostCommand.RunAsync(["dotnet", "build", projectDir, "-c", "Release", "-v", "q", "-nologo"], TimeSpan.FromMinutes(5), cancel);
            if (code != 0) problems.Add($"building {projectDir} failed:\n{output}");
        }
        if (programs.Any(p => p.FileName == "node") && !Directory.Exists(Path.Combine(directory, "node", "node_modules")))
            problems.Add($"the Node.js clients are not installed: run 'npm ci' in {Path.Combine(directory, "node")}");
        if (programs.Any(p => p.Library == "redis-py") && (await HostCommand.RunAsync(["/usr/bin/python3", "-c", "import redis"], TimeSpan.FromSeconds(30), cancel)).ExitCode != 0)
            problems.Add("redis-py is not installed for /usr/bin/python3: apt-get install python3-redis");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
    }

    /// <summary>The built writer: clients/dotnet/NAME/bin/Release/net10.0/NAME.dll, run by dotnet.</summary>
    private static ClientProgram DotnetWriter(string directory, string name, string library, string settings)
    {
        var project = Path.Combine(directory, "dotnet", name);
        return new ClientProgram(library, settings, "dotnet", [Path.Combine(project, "bin", "Release", "net10.0", $"{name}.dll")], project);
    }
}
