using System.Text.Json;

namespace RedisHa.Lab.Cluster.Control;

/// <summary>The answer to a <see cref="LabRequest"/>: an exit code for the CLI, text for its stdout/stderr, and JSON data where the verb has some.</summary>
public sealed record LabReply(int ExitCode, string Output = "", string Error = "")
{
    public JsonElement? Data { get; init; }

    public static LabReply Ok(string output = "") => new(0, output);
    public static LabReply Fail(string error, int exitCode = 1) => new(exitCode, "", error);
}
