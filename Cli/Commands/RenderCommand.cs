using System.CommandLine;
using RedisHa.Blueprint;
using RedisHa.Blueprint.Kubernetes;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Cli.Commands;

/// <summary>
/// `redis-ha render`: every Kubernetes object as one multi-document YAML on stdout, in apply order,
/// ready for <c>kubectl apply -f -</c>. Invalid input prints its problems on stderr and nothing on stdout.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var input = new ConfigInput();
        var command = new Command("render", "Print every Kubernetes object as one multi-document YAML.");
        input.AddTo(command);
        command.SetAction(parse => Render(input, parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The command in-process with its own writers (tests use this).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Create().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

    private static int Render(ConfigInput input, ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        var spec = input.Load(parse, stderr);
        if (spec is null) return ConfigInput.InvalidInputExitCode;
        // Built in full before the first write, so a failure never leaves half a manifest on stdout.
        var yaml = Header(spec) + ManifestYaml.Serialize(RedisHaBlueprint.Create(spec).Kubernetes.All);
        stdout.Write(yaml);
        return 0;
    }

    /// <summary>
    /// What kubectl users must know that the objects cannot say: the Secret that is left out, and how
    /// to create it without the password reaching a command line or this file.
    /// </summary>
    internal static string Header(RedisHaSpec spec)
    {
        var secret = spec.Names.PasswordSecret;
        var lines = new List<string>
        {
            $"redis-ha '{spec.Name}' in namespace '{spec.Namespace}', in apply order: kubectl apply -f <this file>",
            $"Endpoint for applications: {spec.Endpoint}" + (SentinelReachable(spec) ? $" (Sentinel-aware clients: {spec.SentinelEndpoint})" : ""),
            WhoMayConnect(spec),
            "",
        };
        if (spec.Auth)
        {
            lines.AddRange(
            [
                $"Not rendered: the Secret '{secret}' (key '{ObjectNames.PasswordKey}') with the Redis password, so that no",
                "password is ever written here. The pods wait for it, so create it before or after applying",
                "(the namespace must exist). In bash, with the password in $REDIS_PASSWORD (e.g. read -rs REDIS_PASSWORD):",
                $"  printf '%s' \"$REDIS_PASSWORD\" | kubectl -n {spec.Namespace} create secret generic {secret} --from-file={ObjectNames.PasswordKey}=/dev/stdin",
                "printf is a bash builtin, so the password is on no process's command line; and unlike <<< it",
                "adds no newline, which would become part of the password.",
            ]);
        }
        else
        {
            lines.Add("auth is false: Redis accepts connections without a password, and no Secret is needed.");
        }
        return string.Concat(lines.Select(line => line.Length == 0 ? "#\n" : $"# {line}\n"));
    }

    /// <summary>Sentinel is advertised only where clients can reach it: without policies, or with allowSentinelClients.</summary>
    private static bool SentinelReachable(RedisHaSpec spec) =>
        !spec.Options.NetworkPolicy.Enabled || spec.Options.NetworkPolicy.AllowSentinelClients;

    /// <summary>Who the network policies let connect to the endpoint, said plainly.</summary>
    internal static string WhoMayConnect(RedisHaSpec spec)
    {
        var policy = spec.Options.NetworkPolicy;
        if (!policy.Enabled) return "Network policies are off: whatever can reach the pods may connect (the password still applies).";
        var namespaces = new List<string>();
        if (policy.AllowedNamespaces.Count > 0) namespaces.Add("namespaces " + string.Join(", ", policy.AllowedNamespaces));
        if (policy.AllowedNamespaceLabels.Count > 0) namespaces.Add("namespaces labelled " + string.Join(",", policy.AllowedNamespaceLabels.Select(l => $"{l.Key}={l.Value}")));
        var where = namespaces.Count == 0 ? "every namespace" : string.Join(" and ", namespaces);
        var pods = policy.AllowedPodLabels.Count == 0 ? "Pods" : "Pods labelled " + string.Join(",", policy.AllowedPodLabels.Select(l => $"{l.Key}={l.Value}"));
        return $"Who may connect (network policies): {pods} in {where}, to the endpoint" +
               (policy.AllowSentinelClients ? " and to Redis and Sentinel directly." : "; Redis and Sentinel only from this deployment's pods.");
    }
}
