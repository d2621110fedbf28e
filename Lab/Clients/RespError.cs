namespace RedisHa.Lab.Clients;

/// <summary>An error reply ("-ERR ...", "-NOAUTH ...", "-LOADING ..."): the process answered, but not with data.</summary>
public sealed record RespError(string Message);
