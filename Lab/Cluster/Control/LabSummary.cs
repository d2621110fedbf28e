namespace RedisHa.Lab.Cluster.Control;

/// <summary>What `lab up --json` prints: how to reach the lab from this machine.</summary>
public sealed record LabSummary(string Endpoint, string? Password, IReadOnlyList<string> Sentinels, string MasterName, string? ReadEndpoint, string? CaFile)
{
    public static LabSummary Of(PodLab lab) => new(lab.Endpoint, lab.Password, lab.Sentinels, lab.Spec.MasterName, lab.ReadEndpoint, lab.CaFile);
}
