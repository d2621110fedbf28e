namespace RedisHa.Lab.Bench;

/// <summary>The nodes one HAProxy routed to at a moment (at least one of a node's quorum routes UP); empty when it routes nowhere or does not answer.</summary>
public sealed record ProxyView(int Index, bool Answering, IReadOnlyList<int> RoutesTo)
{
    public string Signature => $"{Answering}/{string.Join(',', RoutesTo)}";
}
