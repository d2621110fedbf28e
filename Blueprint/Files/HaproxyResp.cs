using System.Text;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// Writes Redis commands in RESP form inside an HAProxy double-quoted string. RESP carries each
/// argument with its byte length, so a password with spaces, quotes or any other byte needs no
/// quoting. HAProxy reads '$' as the start of a variable, so a literal one is written \x24.
/// </summary>
public static class HaproxyResp
{
    /// <summary>A literal argument, or a variable whose value and byte length HAProxy substitutes.</summary>
    public abstract record Arg;
    public sealed record Literal(string Value) : Arg;
    public sealed record Variable(string ValueVariable, string ByteLengthVariable) : Arg;

    public static string Command(params Arg[] args)
    {
        var b = new StringBuilder();
        b.Append('*').Append(args.Length).Append(@"\r\n");
        foreach (var arg in args)
        {
            switch (arg)
            {
                case Literal l:
                    if (l.Value.Any(c => c is '"' or '\\' or '$' || char.IsControl(c) || c > 127))
                        throw new ArgumentException($"literal '{l.Value}' needs escaping; pass it as a variable");
                    b.Append(@"\x24").Append(Encoding.UTF8.GetByteCount(l.Value)).Append(@"\r\n").Append(l.Value).Append(@"\r\n");
                    break;
                case Variable v:
                    b.Append(@"\x24${").Append(v.ByteLengthVariable).Append(@"}\r\n${").Append(v.ValueVariable).Append(@"}\r\n");
                    break;
            }
        }
        return b.ToString();
    }

    public static string Command(params string[] literals) => Command(literals.Select(l => (Arg)new Literal(l)).ToArray());
}
