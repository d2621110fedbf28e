namespace RedisHa.Lab.Bench;

/// <summary>An error reply ("-ERR ...", "-NOAUTH ...", "-LOADING ..."): the process answered, but not with data.</summary>
internal sealed record RespError(string Message);
