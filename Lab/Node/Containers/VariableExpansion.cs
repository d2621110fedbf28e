using System.Text;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion (k8s.io/kubernetes third_party/forked/golang/expansion), used
/// for env values, <c>command</c>, <c>args</c> and <c>subPathExpr</c>: a defined variable is
/// replaced, an undefined reference stays as written, <c>$$</c> is a literal <c>$</c>.
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder(input.Length);
        var checkpoint = 0;
        for (var cursor = 0; cursor < input.Length; cursor++)
        {
            if (input[cursor] != '$' || cursor + 1 >= input.Length) continue;
            result.Append(input, checkpoint, cursor - checkpoint);
            var next = input[cursor + 1];
            int advance;
            if (next == '$')
            {
                result.Append('$');
                advance = 1;
            }
            else if (next == '(')
            {
                var close = input.IndexOf(')', cursor + 2);
                if (close < 0)
                {
                    // An unterminated "$(" is kept as it is.
                    result.Append("$(");
                    advance = 1;
                }
                else
                {
                    var name = input[(cursor + 2)..close];
                    result.Append(variables.TryGetValue(name, out var value) ? value : $"$({name})");
                    advance = close - cursor;
                }
            }
            else
            {
                result.Append('$').Append(next);
                advance = 1;
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return result.Append(input, checkpoint, input.Length - checkpoint).ToString();
    }

    /// <summary>Expands every item (a container's command or args) against its resolved environment.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var variables = ToLookup(environment);
        return inputs.Select(input => Expand(input, variables)).ToList();
    }

    public static IReadOnlyDictionary<string, string> ToLookup(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var variables = new Dictionary<string, string>();
        foreach (var (name, value) in environment) variables[name] = value;
        return variables;
    }
}
