using Pulumi;
using RedisHa.Blueprint.Spec;

namespace RedisHa.Components;

/// <summary>What a <see cref="RedisHaCluster"/> deploys.</summary>
public sealed class RedisHaClusterArgs
{
    /// <summary>
    /// Validated options (from <c>OptionsValidator.Validate</c>): the component trusts it and decides nothing
    /// itself. Its <c>Options.Password</c> is only ever validated, never deployed; the password is <see cref="Password"/>.
    /// </summary>
    public required RedisHaSpec Spec { get; init; }

    /// <summary>
    /// The Redis password when the spec has auth on; null has one generated. Given only with auth on.
    /// Treated as a secret either way.
    /// </summary>
    public Input<string>? Password { get; init; }
}
