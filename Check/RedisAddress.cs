using System.Globalization;

namespace RedisHa.Check;

/// <summary>A host and port as written on a command line and in Sentinel's replies: <c>host:port</c> or <c>[v6]:port</c>.</summary>
public readonly record struct RedisAddress(string Host, int Port)
{
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Reads <c>host</c>, <c>host:port</c> or <c>[v6]:port</c>; the problem says why not, for an exit-2 message.</summary>
    public static bool TryParse(string? text, int defaultPort, out RedisAddress address, out string problem)
    {
        address = default;
        problem = "";
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problem = "is empty";
            return false;
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                problem = $"'{text}' is not host:port ([address]:port for IPv6)";
                return false;
            }
            host = text[1..close];
            if (close + 1 < text.Length) port = text[(close + 2)..];
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address has no unambiguous port.
            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0) port = text[(colon + 1)..];
        }
        if (host.StartsWith('-'))
        {
            problem = $"'{text}' is not a host (an unknown option?)";
            return false;
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            problem = $"'{text}' has no valid host";
            return false;
        }
        var number = defaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            problem = $"'{text}' has an invalid port '{port}' (1-65535)";
            return false;
        }
        address = new RedisAddress(host, number);
        return true;
    }
}
