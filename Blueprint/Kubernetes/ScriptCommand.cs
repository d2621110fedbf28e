using RedisHa.Blueprint.Spec;

namespace RedisHa.Blueprint.Kubernetes;

/// <summary>
/// A container command, probe or hook that runs a script of the mounted scripts ConfigMap. Through
/// <c>sh</c>, as the lab runs them, so the command does not depend on the file's mode.
/// </summary>
internal static class ScriptCommand
{
    public static List<string> Run(string script, params string[] args) => ["sh", $"{NodePaths.ScriptsDir}/{script}", .. args];
}
