namespace RedisHa.Check;

/// <summary>The lines of a check in the order they were found, and the exit code they add up to.</summary>
public sealed class CheckReport
{
    public const int PassedExitCode = 0;
    public const int FailedExitCode = 1;

    private readonly List<CheckLine> _lines = [];

    public IReadOnlyList<CheckLine> Lines => _lines;
    public IEnumerable<CheckLine> Failures => _lines.Where(l => l.Status == CheckStatus.Failure);
    public IEnumerable<CheckLine> Warnings => _lines.Where(l => l.Status == CheckStatus.Warning);
    public bool Passed => !Failures.Any();
    public int ExitCode => Passed ? PassedExitCode : FailedExitCode;

    public void Ok(string topic, string text) => Add(CheckStatus.Ok, topic, text);
    public void Warn(string topic, string text) => Add(CheckStatus.Warning, topic, text);
    public void Fail(string topic, string text) => Add(CheckStatus.Failure, topic, text);
    private void Add(CheckStatus status, string topic, string text) => _lines.Add(new CheckLine(status, topic, text));

    /// <summary>
    /// The report on stdout; on failure each problem again on stderr as <c>error: ...</c>, so a script
    /// that keeps only stderr still learns why.
    /// </summary>
    public void WriteTo(TextWriter stdout, TextWriter stderr)
    {
        foreach (var line in _lines) stdout.WriteLine($"{Label(line.Status),-4}  {line.Topic,-9} {line.Text}");
        var warnings = Warnings.Count();
        var note = warnings == 0 ? "" : $" with {warnings} warning{(warnings == 1 ? "" : "s")}";
        if (Passed)
        {
            stdout.WriteLine($"check passed{note}");
            return;
        }
        var failures = Failures.ToList();
        stdout.WriteLine($"check FAILED: {failures.Count} problem{(failures.Count == 1 ? "" : "s")}{note}");
        foreach (var failure in failures) stderr.WriteLine($"error: {failure.Topic}: {failure.Text}");
    }

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "OK",
        CheckStatus.Warning => "WARN",
        _ => "FAIL",
    };
}
