using RedisHa.Blueprint.Options;

namespace RedisHa.Check;

/// <summary>
/// What to check. It holds the name of the password's environment variable, never the password:
/// only the connector gets the password, so no report can print it.
/// </summary>
public sealed record CheckRequest
{
    public const string DefaultPasswordVariable = "REDIS_PASSWORD";
    public static readonly string DefaultMasterName = new RedisHaOptions().MasterName;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public required RedisAddress Endpoint { get; init; }
    public IReadOnlyList<RedisAddress> Sentinels { get; init; } = [];
    public string MasterName { get; init; } = DefaultMasterName;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Replicas that must be online; null only warns when there are none.</summary>
    public int? ExpectedReplicas { get; init; }

    public string PasswordVariable { get; init; } = DefaultPasswordVariable;

    /// <summary>Whether the variable held a password, so that an authentication failure can say which mistake it is.</summary>
    public bool HasPassword { get; init; }
}
