using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Pulumi;
using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Spec;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Components;

/// <summary>
/// What a <see cref="RedisHaCluster"/> will register, worked out from its args before anything is
/// registered. The resources that exist follow from plain values (auth, createNamespace, whether a
/// password is given), so they are fixed now; every other value flows into the children as the
/// validated <see cref="Spec"/> output.
/// <para/>
/// When every input is already resolved (plain values, config, a provider's known inputs), the
/// options are validated here, synchronously, and a bad value throws before the component or any
/// child is registered. Otherwise (an output of a resource not yet created) validation runs when the
/// values arrive, inside <see cref="Spec"/>: a bad value then fails the deployment, and no child is
/// registered because every child's inputs derive from <see cref="Spec"/>. An input unknown during
/// preview leaves <see cref="Spec"/> unknown, and the preview shows the component and its children
/// with unknown values.
/// </summary>
internal sealed class ClusterPlan
{
    private ClusterPlan(Output<RedisHaSpec> spec, bool createNamespace, bool auth, Input<string>? password, Input<string>? previousPassword)
    {
        Spec = spec;
        CreateNamespace = createNamespace;
        Auth = auth;
        Password = password;
        PreviousPassword = previousPassword;
    }

    /// <summary>The validated options; its Options.Password is a placeholder, never the password.</summary>
    public Output<RedisHaSpec> Spec { get; }

    public bool CreateNamespace { get; }

    public bool Auth { get; }

    /// <summary>The given password; null has one generated (with auth).</summary>
    public Input<string>? Password { get; }

    /// <summary>The password being rotated away from; null outside a rotation.</summary>
    public Input<string>? PreviousPassword { get; }

    public static ClusterPlan Resolve(RedisHaClusterArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var defaults = new RedisHaOptions();
        var resolved = Output.Tuple(ClusterInputs.Raw(args), PasswordProblems(args.Password, args.PreviousPassword));

        Output<RedisHaSpec> spec;
        if (ResolvedNow.TryGet(resolved, out var now))
        {
            var validated = Validate(now.Item1, now.Item2);
            // An Apply over the inputs, not Output.Create, so the spec keeps their dependencies and secrecy.
            spec = resolved.Apply(_ => validated);
        }
        else
        {
            spec = resolved.Apply(r => Validate(r.Item1, r.Item2));
        }
        return new ClusterPlan(spec, args.CreateNamespace ?? defaults.CreateNamespace, args.Auth ?? defaults.Auth, args.Password, args.PreviousPassword);
    }

    private static RedisHaSpec Validate(JsonObject raw, ImmutableArray<ConfigProblem> passwordProblems)
    {
        var options = OptionsReader.Read(raw, out var readProblems);
        try
        {
            return OptionsValidator.Validate(options, [.. readProblems, .. passwordProblems]);
        }
        catch (InvalidOptionsException e)
        {
            // Pulumi shows a RunException as its message alone: the list of problems, without a stack trace.
            // No message quotes the password (the validator's never do, and only a placeholder reaches it here).
            throw new RunException(e.Message, e);
        }
    }

    /// <summary>
    /// The password's own rules, checked on its text apart from the other options so that the secret
    /// does not make the whole spec (and every output rendered from it) a secret. The validator checks
    /// the text in otherwise default options, which pass every other rule; only its password problems are kept.
    /// </summary>
    private static Output<ImmutableArray<ConfigProblem>> PasswordProblems(Input<string>? password, Input<string>? previousPassword)
    {
        // Both texts together (empty when absent): the rules include that the two differ.
        var texts = Output.Tuple(
            password is null ? Output.Create("") : password.ToOutput(),
            previousPassword is null ? Output.Create("") : previousPassword.ToOutput());
        var problems = texts.Apply(t =>
        {
            var found = new List<ConfigProblem>();
            var options = new RedisHaOptions
            {
                Password = password is null ? null : t.Item1,
                // Checked only next to a given password; without one the placeholders report it.
                PreviousPassword = previousPassword is null || password is null ? null : t.Item2,
            };
            OptionsValidator.TryValidate(options, found);
            return found.Where(p => p.Key is ConfigKeys.Password or ConfigKeys.PreviousPassword).ToImmutableArray();
        });
        // The problems name the rule a password breaks, never its text, so they need not stay secret.
        return Output.Unsecret(problems);
    }
}
