namespace RedisHa.Blueprint.Validation;

/// <summary>Thrown before anything is created or started; carries every problem found, not just the first.</summary>
public sealed class InvalidOptionsException(IReadOnlyList<ConfigProblem> problems)
    : Exception("Invalid redis-ha configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
