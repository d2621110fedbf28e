namespace RedisHa.Lab.Clients;

/// <summary>
/// A whole RESP reply as <see cref="RawRespConnection.AskAsync"/> reads it: simple and bulk strings
/// as string, integers as long, arrays as object?[], nil as null, errors as <see cref="RespError"/>.
/// </summary>
public sealed record RespReply(object? Value)
{
    public string? Text => Value as string;

    /// <summary>The i-th element as text, when the reply is an array that long.</summary>
    public string? Item(int i) => Value is object?[] items && i < items.Length ? items[i] as string : null;
}
