namespace RedisHa.Lab.Bench.Clients;

/// <summary>
/// One application of `bench clients`: a writer program of the repository's clients/ folder, run
/// with one library and one choice of settings ("defaults" or "recommended").
/// </summary>
public sealed record ClientProgram(string Library, string Settings, string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public const string Defaults = "defaults";
    public const string Recommended = "recommended";

    /// <summary>"ioredis, recommended": how reports name it before its version is known.</summary>
    public string Label => $"{Library}, {Settings}";
}
