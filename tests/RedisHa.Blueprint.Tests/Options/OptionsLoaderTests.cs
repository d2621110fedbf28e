using RedisHa.Blueprint.Options;
using RedisHa.Blueprint.Tests.Support;
using RedisHa.Blueprint.Validation;

namespace RedisHa.Blueprint.Tests.Options;

public class OptionsLoaderTests
{
    [Fact]
    public void Reports_the_problems_of_every_stage_together_in_one_exception()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("Pulumi.dev.yaml", """
            config:
              redis-ha:replicas: 4
              redis-ha:Quorum: 2
              redis-ha:auth: maybe
            """);

        var e = Assert.Throws<InvalidOptionsException>(() =>
            OptionsLoader.Load(stack, ["novalue", "maxMemory=lots", "persistence.size=2GB"]));

        Assert.Contains(e.Problems, p => p.Key == "--set" && p.Message.Contains("'novalue'"));               // overrides
        Assert.Contains(e.Problems, p => p.Key == "Quorum" && p.Message.Contains("did you mean 'quorum'"));  // reader: unknown key
        Assert.Contains(e.Problems, p => p.Key == "auth" && p.Message.Contains("'maybe' is not true or false")); // reader: type
        Assert.Contains(e.Problems, p => p.Key == "replicas" && p.Message.Contains("must be odd"));          // validator
        Assert.Contains(e.Problems, p => p.Key == "maxMemory");                                              // validator, from --set
        Assert.Contains(e.Problems, p => p.Key == "persistence.size");                                       // validator, dotted --set
        Assert.Equal(6, e.Problems.Count);
        foreach (var problem in e.Problems) Assert.Contains(problem.ToString(), e.Message);
    }

    [Fact]
    public void A_missing_stack_file_is_reported_with_the_other_problems()
    {
        var e = Assert.Throws<InvalidOptionsException>(() =>
            OptionsLoader.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml"), ["replicas=2"]));

        Assert.Contains(e.Problems, p => p.Key == "--config");
        Assert.Contains(e.Problems, p => p.Key == "replicas");
    }

    [Fact]
    public void Stack_file_and_overrides_make_a_spec()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("Pulumi.dev.yaml", """
            config:
              kubernetes:context: kind
              redis-ha:replicas: 5
              redis-ha:failoverProfile: fast
              redis-ha:persistence:
                size: 2Gi
            """);

        var spec = OptionsLoader.Load(stack, ["redis-ha:namespace=cache", "persistence.enabled=false"]);

        Assert.Equal(5, spec.Replicas);
        Assert.Equal(3, spec.Quorum);
        Assert.Equal("cache", spec.Namespace);
        Assert.Equal("fast", spec.Timings.ProfileName);
        Assert.Equal(new PersistenceOptions { Enabled = false, Size = "2Gi" }, spec.Options.Persistence);
    }

    [Fact]
    public void No_stack_file_means_defaults_plus_overrides()
    {
        var spec = OptionsLoader.Load(null, ["quorum=3"]);

        Assert.Equal(new RedisHaOptions { Quorum = 3 }, spec.Options);
    }

    [Fact]
    public void An_encrypted_password_is_accepted_but_its_marker_never_used_as_the_password()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("Pulumi.dev.yaml", "config:\n  redis-ha:password:\n    secure: v1:abc\n");

        var spec = OptionsLoader.Load(stack, []);

        Assert.Null(spec.Options.Password);
    }

    [Fact]
    public void An_encrypted_password_with_auth_off_is_rejected_as_the_Pulumi_program_would()
    {
        // Pulumi decrypts the value, so the program sees a password with auth off and the validator
        // rejects it; the CLI must reach the same verdict from the same stack file.
        using var dir = new TempDirectory();
        var stack = dir.Write("Pulumi.dev.yaml", "config:\n  redis-ha:auth: false\n  redis-ha:password:\n    secure: v1:abc\n");

        var e = Assert.Throws<InvalidOptionsException>(() => OptionsLoader.Load(stack, []));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("password", problem.Key);
        Assert.Contains("auth is false", problem.Message);
    }

    [Fact]
    public void The_adjustment_is_validated_too()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => OptionsLoader.Load(null, [], o => o with { Replicas = 4 }));

        Assert.Equal("replicas", Assert.Single(e.Problems).Key);
    }
}
