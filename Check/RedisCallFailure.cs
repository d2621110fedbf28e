namespace RedisHa.Check;

/// <summary>Why a call failed, as far as the check's verdict depends on it.</summary>
internal enum RedisCallFailure
{
    /// <summary>No connection could be opened (refused, no route, no such host): may just be out of reach from here.</summary>
    Unreachable,

    /// <summary>The server refused the password, or wants one and got none.</summary>
    Authentication,

    /// <summary>
    /// Reached, but no answer in time, or the connection closed before Redis answered (a paused
    /// server; HAProxy with no approved master to route to).
    /// </summary>
    NoAnswer,

    /// <summary>The server answered with an error (READONLY, NOREPLICAS, unknown master name ...).</summary>
    ErrorReply,
}
