using StackExchange.Redis;

namespace RedisHa.Check;

/// <summary>Runs one call on an open connection and turns the client's exceptions into <see cref="RedisCallException"/>.</summary>
internal static class StackExchangeCalls
{
    public static async Task<T> RunAsync<T>(TimeSpan timeout, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RedisTimeoutException e)
        {
            throw new RedisCallException(RedisCallFailure.NoAnswer, $"no answer within {SecondsText.Of(timeout)}", e);
        }
        catch (RedisServerException e)
        {
            throw new RedisCallException(RedisCallFailure.ErrorReply, e.Message, e);
        }
        catch (RedisConnectionException e)
        {
            throw new RedisCallException(RedisCallFailure.NoAnswer, $"the connection was lost ({e.FailureType})", e);
        }
        catch (RedisException e)
        {
            throw new RedisCallException(RedisCallFailure.ErrorReply, e.Message, e);
        }
    }
}
