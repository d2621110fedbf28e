namespace RedisHa.Blueprint.Validation;

/// <summary>One thing wrong with the input: the key (as the user wrote it, dotted for nested keys) and why.</summary>
public sealed record ConfigProblem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
