using RedisHa.Blueprint.Tests.Support;

namespace RedisHa.Blueprint.Tests.Files;

/// <summary>One section of haproxy.cfg ("backend node_0", "frontend redis", ...) with its lines.</summary>
public sealed record HaproxySection(string Kind, string Name, IReadOnlyList<string> Lines)
{
    public static IReadOnlyList<HaproxySection> Parse(string cfg)
    {
        var sections = new List<HaproxySection>();
        string? kind = null, name = null;
        var lines = new List<string>();
        foreach (var line in ConfigText.Lines(cfg))
        {
            var words = line.Split(' ', 2);
            if (words[0] is "global" or "defaults" or "frontend" or "backend" or "listen")
            {
                if (kind is not null) sections.Add(new HaproxySection(kind, name!, lines));
                (kind, name, lines) = (words[0], words.Length > 1 ? words[1] : "", []);
            }
            else
            {
                lines.Add(line);
            }
        }
        if (kind is not null) sections.Add(new HaproxySection(kind, name!, lines));
        return sections;
    }

    public IEnumerable<string> LinesStartingWith(string prefix) => Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
