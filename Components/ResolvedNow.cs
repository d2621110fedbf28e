using Pulumi;
using Pulumi.Utilities;

namespace RedisHa.Components;

/// <summary>
/// Reads an output whose value is already there, without waiting. The SDK has no synchronous read;
/// <see cref="OutputUtilities"/> hands out the output's own task, which has already completed for
/// an output built from plain values (<see cref="Output.Create{T}(T)"/>, the implicit conversions to
/// <see cref="Input{T}"/>, config and secrets, a provider's deserialized known inputs) and for any
/// <c>Apply</c> over such outputs. A task still running (an output of a resource not yet registered)
/// or a value unknown during preview answers false and is never waited for, so nothing can block.
/// </summary>
internal static class ResolvedNow
{
    public static bool TryGet<T>(Output<T> output, out T value)
    {
        var isKnown = OutputUtilities.GetIsKnownAsync(output);
        var result = OutputUtilities.GetValueAsync(output);
        if (isKnown.IsCompletedSuccessfully && isKnown.Result && result.IsCompletedSuccessfully)
        {
            value = result.Result;
            return true;
        }
        value = default!;
        return false;
    }
}
