namespace RedisHa.Lab.Bench;

/// <summary>A RESP reply as <see cref="RespProbeConnection"/> reads it, with the accessors the observer needs.</summary>
internal sealed record RespReply(object? Value)
{
    public string? Text => Value as string;

    /// <summary>The i-th element as text, when the reply is an array that long.</summary>
    public string? Item(int i) => Value is object?[] items && i < items.Length ? items[i] as string : null;
}
