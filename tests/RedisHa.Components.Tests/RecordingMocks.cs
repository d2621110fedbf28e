using System.Collections.Concurrent;
using Moq;
using Pulumi.Testing;

namespace RedisHa.Components.Tests;

/// <summary>
/// The engine's stand-in: every resource gets the id <c>name_id</c> and its inputs back as its state
/// (a RandomPassword also a <c>result</c>), and every registration is kept for assertions.
/// </summary>
public sealed class RecordingMocks
{
    public const string ComponentType = RedisHaCluster.TypeToken;
    public const string NamespaceType = "kubernetes:core/v1:Namespace";
    public const string SecretType = "kubernetes:core/v1:Secret";
    public const string ConfigGroupType = "kubernetes:yaml/v2:ConfigGroup";
    public const string RandomPasswordType = "random:index/randomPassword:RandomPassword";

    /// <summary>What the mocked RandomPassword returns: characters a real one may produce.</summary>
    public const string GeneratedPassword = "Generated-password_0.~";

    private readonly ConcurrentQueue<MockResourceArgs> _registered = new();

    public RecordingMocks()
    {
        var mock = new Mock<IMocks>();
        mock.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .Returns((MockResourceArgs args) =>
            {
                _registered.Enqueue(args);
                object state = args.Type == RandomPasswordType
                    ? args.Inputs.SetItem("result", GeneratedPassword)
                    : args.Inputs;
                return Task.FromResult<(string? id, object state)>((args.Name + "_id", state));
            });
        mock.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .Returns((MockCallArgs args) => Task.FromResult<object>(args.Args));
        mock.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Returns(Task.CompletedTask);
        Object = mock.Object;
    }

    public IMocks Object { get; }

    /// <summary>Every registration so far (components too; the root stack's excepted), in the order the engine saw them.</summary>
    public IReadOnlyList<MockResourceArgs> Registered => _registered.ToList();

    public IReadOnlyList<string> RegisteredTypes => Registered.Select(r => r.Type ?? "").Order(StringComparer.Ordinal).ToList();

    public MockResourceArgs Single(string type) => Assert.Single(Registered, r => r.Type == type);

    /// <summary>A nested input (an object such as metadata) as the mocks receive it.</summary>
    public static IReadOnlyDictionary<string, object?> Map(object? value) =>
        Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(value);
}
