namespace RedisHa.Blueprint.Tests.Support;

/// <summary>The meaningful lines of a redis.conf, sentinel.conf or haproxy.cfg: trimmed, without blanks and comments.</summary>
public static class ConfigText
{
    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
