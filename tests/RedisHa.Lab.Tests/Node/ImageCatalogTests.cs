using RedisHa.Lab.Node.Containers;

namespace RedisHa.Lab.Tests.Node;

public sealed class ImageCatalogTests
{
    [Theory]
    [InlineData("redis:7.2.5-alpine", "redis-server", "/usr/local/bin/redis-sentinel")]
    [InlineData("docker.io/library/redis:7.2.5-alpine", "redis-server", "/usr/local/bin/redis-cli")]
    [InlineData("haproxy:2.8.10-alpine", "haproxy", "/usr/local/sbin/haproxy")]
    [InlineData("oliver006/redis_exporter:v1.62.0", "prometheus-redis-exporter", "/redis_exporter")]
    [InlineData(ImageCatalog.PauseImage, "catatonit", "/pause")]
    public void AnImageMapsToItsStandInWithTheRealVersionOfTheProgram(string image, string program, string executable)
    {
        var standIn = ImageCatalog.Resolve(image);
        Assert.Equal((image, program), (standIn.Image, standIn.Program));
        Assert.Contains(executable, standIn.Executables);
        Assert.Matches(@"^\d+\.\d+", standIn.Version);
    }

    [Fact]
    public void TheImagesDefaultsApplyWhereThePodSpecIsSilent()
    {
        Assert.Equal(["redis-server"], ImageCatalog.Resolve("redis:7.2.5-alpine").DefaultArgs);
        Assert.Equal("/data", ImageCatalog.Resolve("redis:7.2.5-alpine").WorkingDirectory);
        Assert.Equal(["/redis_exporter"], ImageCatalog.Resolve("oliver006/redis_exporter:v1.62.0").Entrypoint);
    }

    [Fact]
    public void AnUnknownImageIsAnErrorNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageCatalog.Resolve("nginx:1.25"));
        Assert.Contains("nginx:1.25", error.Message);
    }
}
