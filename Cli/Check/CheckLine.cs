namespace RedisHa.Cli.Check;

/// <summary>One line of the report: what was checked (<paramref name="Topic"/>) and what was found.</summary>
internal sealed record CheckLine(CheckStatus Status, string Topic, string Text);
