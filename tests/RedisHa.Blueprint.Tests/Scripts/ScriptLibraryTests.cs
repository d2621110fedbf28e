using RedisHa.Blueprint.Scripts;

namespace RedisHa.Blueprint.Tests.Scripts;

public class ScriptLibraryTests
{
    [Fact]
    public void Holds_exactly_the_scripts_on_disk()
    {
        Assert.Equal(ScriptFiles.Names, ScriptLibrary.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ScriptFiles.Cases), MemberType = typeof(ScriptFiles))]
    public void Each_embedded_script_is_the_file_on_disk(string script)
    {
        Assert.Equal(File.ReadAllText(ScriptFiles.PathOf(script)), ScriptLibrary.Get(script));
    }

    [Fact]
    public void An_unknown_script_name_is_an_error()
    {
        Assert.Throws<KeyNotFoundException>(() => ScriptLibrary.Get("nosuch.sh"));
    }
}
