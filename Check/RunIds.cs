namespace RedisHa.Check;

/// <summary>
/// A node's run_id, the check's proof that two addresses reach the same redis-server: a master's
/// INFO does not include the address it is announced by, and through a proxy or port-forward the
/// endpoint's address says nothing either.
/// </summary>
internal static class RunIds
{
    /// <summary>The first 8 characters, enough to tell nodes apart in a report.</summary>
    public static string Short(string? runId) => runId is null ? "?" : runId[..Math.Min(8, runId.Length)];
}
