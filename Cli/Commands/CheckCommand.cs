using System.CommandLine;
using System.CommandLine.Parsing;
using RedisHa.Check;

namespace RedisHa.Cli.Commands;

/// <summary>
/// `redis-ha check ENDPOINT`: writes and reads a key through the endpoint, reports the master, its
/// replicas and the sentinels' agreement. Exit 0 when everything holds (warnings allowed), 1 on any
/// problem, 2 for bad arguments.
/// </summary>
internal static class CheckCommand
{
    public static Command Create() => Create(null);

    /// <summary>
    /// The command with another way to connect (tests simulate a failing network with it); null for
    /// StackExchange.Redis. <paramref name="route"/> tells StackExchange.Redis where to reach an
    /// address it is given or told (reports keep the address as given): the lab tests map the
    /// in-cluster addresses sentinels name to the lab's host forwards of the same Services.
    /// </summary>
    internal static Command Create(Func<string?, TimeSpan, IRedisConnector>? connect, Func<RedisAddress, RedisAddress>? route = null)
    {
        var endpoint = new Argument<string?>("ENDPOINT")
        {
            Description = "host:port of the endpoint (port 6379 when left out), e.g. 127.0.0.1:6379 through kubectl port-forward.",
            // Checked by CheckArguments, so that a missing endpoint exits 2 with the other argument problems.
            Arity = ArgumentArity.ZeroOrOne,
        };
        // Anything else lands here and is reported by the action with exit code 2, not by the parser.
        var extra = new Argument<string[]>("extra") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        var passwordEnv = SingleValue("--password-env", "VAR",
            $"Environment variable that holds the password (default {CheckRequest.DefaultPasswordVariable}; unset or empty: no AUTH). The password is never printed.");
        var sentinels = new Option<string[]>("--sentinel")
        {
            HelpName = "HOST:PORT",
            Description = $"A sentinel to ask (port {CheckArguments.DefaultSentinelPort} when left out). Repeatable: give every sentinel to check their agreement.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var masterName = SingleValue("--master-name", "NAME", $"Sentinel's name for the master set (default {CheckRequest.DefaultMasterName}).");
        var timeout = SingleValue("--timeout", "SECONDS", $"Per connection and per command (default {CheckRequest.DefaultTimeout.TotalSeconds:0}).");
        var expectReplicas = SingleValue("--expect-replicas", "N", "Fail unless at least N replicas are online (default: only warn when none is).");
        var tls = new Option<bool>("--tls") { Description = "Connect to the endpoint and the sentinels with TLS (needs --cacert)." };
        var caFile = SingleValue("--cacert", "FILE", "CA certificate (PEM) to trust, e.g. ca.crt of the deployment's Secret; the system's trust store is not used.");
        var certificateFile = SingleValue("--cert", "FILE", "Client certificate (PEM) to show, for a deployment with tls.authClients; needs --key.");
        var keyFile = SingleValue("--key", "FILE", "Private key (PEM) of --cert.");

        var command = new Command("check", "Check a deployment through its endpoint: a write and read, the master, its replicas, and the sentinels' agreement.");
        command.Arguments.Add(endpoint);
        command.Arguments.Add(extra);
        command.Options.Add(passwordEnv);
        command.Options.Add(sentinels);
        command.Options.Add(masterName);
        command.Options.Add(timeout);
        command.Options.Add(expectReplicas);
        command.Options.Add(tls);
        command.Options.Add(caFile);
        command.Options.Add(certificateFile);
        command.Options.Add(keyFile);

        command.SetAction(async (parse, cancel) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var problems = new List<string>();
            problems.AddRange((parse.GetValue(extra) ?? []).Concat(parse.UnmatchedTokens).Select(t => $"unexpected argument '{t}'"));
            var request = CheckArguments.Parse(
                parse.GetValue(endpoint),
                Values(parse, sentinels, single: false, problems),
                Value(parse, passwordEnv, problems),
                Value(parse, masterName, problems),
                Value(parse, timeout, problems),
                Value(parse, expectReplicas, problems),
                problems);
            var tlsClient = CheckArguments.ParseTls(parse.GetValue(tls), Value(parse, caFile, problems), Value(parse, certificateFile, problems),
                Value(parse, keyFile, problems), problems);
            if (request is null || problems.Count > 0)
            {
                foreach (var problem in problems) stderr.WriteLine($"error: {problem}");
                return ConfigInput.InvalidInputExitCode;
            }
            var password = Environment.GetEnvironmentVariable(request.PasswordVariable) is { Length: > 0 } p ? p : null;
            request = request with { HasPassword = password is not null };
            var connector = connect?.Invoke(password, request.Timeout) ?? new StackExchangeRedisConnector(password, request.Timeout, tlsClient, route);
            var report = await new DeploymentCheck(request, connector).RunAsync(cancel);
            report.WriteTo(stdout, stderr);
            return report.ExitCode;
        });
        return command;
    }

    /// <summary>The command in-process with its own writers (tests use this).</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string?, TimeSpan, IRedisConnector>? connect = null,
        Func<RedisAddress, RedisAddress>? route = null) =>
        Create(connect, route).Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });

    /// <summary>
    /// An option taking one value, declared as a list so that a repeated or value-less option reaches
    /// the action (and exit code 2) instead of failing inside the parser.
    /// </summary>
    private static Option<string[]> SingleValue(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static string? Value(ParseResult parse, Option<string[]> option, List<string> problems) =>
        Values(parse, option, single: true, problems) is [var only] ? only : null;

    private static IReadOnlyList<string> Values(ParseResult parse, Option<string[]> option, bool single, List<string> problems)
    {
        if (parse.GetResult(option) is not OptionResult result) return [];
        var values = parse.GetValue(option) ?? [];
        if (result.IdentifierTokenCount > values.Length) problems.Add($"{option.Name} needs a value");
        else if (single && values.Length > 1) problems.Add($"{option.Name} is given more than once");
        return single && values.Length > 1 ? [] : values;
    }
}
