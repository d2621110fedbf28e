using System.Globalization;
using System.Text.RegularExpressions;

using RedisHa.Blueprint.Spec;

namespace RedisHa.Check;

/// <summary>
/// Turns the check's command-line values into a <see cref="CheckRequest"/>, or into every problem at
/// once (exit code 2). Values arrive as text so that a bad one is reported here, in words, rather
/// than by the parser with its own exit code.
/// </summary>
public static partial class CheckArguments
{
    public const int DefaultSentinelPort = RedisHaSpec.SentinelPort;
    public const int DefaultRedisPort = RedisHaSpec.RedisPort;

    public static CheckRequest? Parse(string? endpoint, IReadOnlyList<string> sentinels, string? passwordVariable, string? masterName,
        string? timeout, string? expectReplicas, ICollection<string> problems)
    {
        var before = problems.Count;
        RedisAddress endpointAddress = default;
        if (endpoint is null) problems.Add("ENDPOINT is required: host:port of the endpoint, e.g. 127.0.0.1:6379");
        else if (!RedisAddress.TryParse(endpoint, DefaultRedisPort, out endpointAddress, out var why)) problems.Add($"ENDPOINT {why}");

        var sentinelAddresses = new List<RedisAddress>();
        foreach (var sentinel in sentinels)
        {
            if (RedisAddress.TryParse(sentinel, DefaultSentinelPort, out var address, out var why)) sentinelAddresses.Add(address);
            else problems.Add($"--sentinel {why}");
        }
        foreach (var twice in sentinelAddresses.GroupBy(a => a).Where(g => g.Count() > 1))
            problems.Add($"--sentinel {twice.Key} is given more than once; each sentinel counts once toward agreement");

        passwordVariable ??= CheckRequest.DefaultPasswordVariable;
        if (!VariableName().IsMatch(passwordVariable)) problems.Add($"--password-env '{passwordVariable}' is not an environment variable name");

        masterName ??= CheckRequest.DefaultMasterName;
        if (masterName.Length == 0 || masterName.Any(char.IsWhiteSpace)) problems.Add($"--master-name '{masterName}' must be a non-empty name without spaces");

        var seconds = CheckRequest.DefaultTimeout.TotalSeconds;
        if (timeout is not null && (!double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || !(seconds > 0 && seconds <= 3600)))
            problems.Add($"--timeout '{timeout}' must be a number of seconds greater than 0 and at most 3600");

        int? expected = null;
        if (expectReplicas is not null)
        {
            if (int.TryParse(expectReplicas, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) expected = n;
            else problems.Add($"--expect-replicas '{expectReplicas}' must be a whole number of replicas, 0 or more");
        }

        if (problems.Count > before) return null;
        return new CheckRequest
        {
            Endpoint = endpointAddress,
            Sentinels = sentinelAddresses,
            MasterName = masterName,
            Timeout = TimeSpan.FromSeconds(seconds),
            ExpectedReplicas = expected,
            PasswordVariable = passwordVariable,
        };
    }

    /// <summary>
    /// The TLS client for <c>--tls --cacert FILE [--cert FILE --key FILE]</c>, null without <c>--tls</c>.
    /// A CA file is required: the deployment's certificates come from its own CA (cert-manager's), which
    /// this machine's trust store does not hold, and trusting any certificate would check nothing.
    /// </summary>
    public static TlsClient? ParseTls(bool tls, string? caFile, string? certificateFile, string? keyFile, ICollection<string> problems)
    {
        var before = problems.Count;
        if (!tls)
        {
            foreach (var (name, value) in new[] { ("--cacert", caFile), ("--cert", certificateFile), ("--key", keyFile) })
                if (value is not null) problems.Add($"{name} applies only with --tls");
            return null;
        }
        if (caFile is null) problems.Add("--tls needs --cacert FILE: the CA certificate (PEM) that signed the deployment's certificates, e.g. ca.crt of its Secret");
        if ((certificateFile is null) != (keyFile is null)) problems.Add("--cert and --key go together: the client certificate (PEM) and its private key");
        foreach (var (name, value) in new[] { ("--cacert", caFile), ("--cert", certificateFile), ("--key", keyFile) })
            if (value is not null && !File.Exists(value)) problems.Add($"{name} '{value}': no such file");
        if (problems.Count > before) return null;
        try
        {
            return new TlsClient(caFile!, certificateFile, keyFile);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problems.Add($"--cacert/--cert/--key: cannot read a PEM certificate or key: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
