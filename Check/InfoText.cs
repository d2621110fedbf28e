namespace RedisHa.Check;

/// <summary>Reads the <c>key:value</c> lines of an INFO reply; section headers and blank lines are skipped.</summary>
internal static class InfoText
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.StartsWith('#') || colon <= 0) continue;
            fields[line[..colon]] = line[(colon + 1)..];
        }
        return fields;
    }
}
