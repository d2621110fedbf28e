namespace RedisHa.Check;

/// <summary>Turns a failed call into the words of the report, naming the likely mistake.</summary>
internal static class FailureText
{
    public static string Describe(Exception e, CheckRequest request) => e switch
    {
        RedisCallException { Failure: RedisCallFailure.Authentication } when request.HasPassword =>
            $"authentication failed: the password from ${request.PasswordVariable} was rejected ({e.Message})",
        RedisCallException { Failure: RedisCallFailure.Authentication } =>
            $"authentication failed: a password is required, but ${request.PasswordVariable} is not set " +
            $"(set it, or name another variable with --password-env) ({e.Message})",
        RedisCallException => e.Message,
        TimeoutException => $"timed out: no answer within the {SecondsText.Of(request.Timeout)} timeout",
        _ => e.Message,
    };
}
