namespace RedisHa.Check;

/// <summary>One line of the report: what was checked (<paramref name="Topic"/>) and what was found.</summary>
public sealed record CheckLine(CheckStatus Status, string Topic, string Text);
