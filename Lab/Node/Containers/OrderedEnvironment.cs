namespace RedisHa.Lab.Node.Containers;

/// <summary>Variables in the order they were first set; setting a name again replaces its value in place.</summary>
internal sealed class OrderedEnvironment
{
    private readonly List<KeyValuePair<string, string>> items = [];
    private readonly Dictionary<string, string> lookup = [];

    public IReadOnlyList<KeyValuePair<string, string>> Items => items;

    public IReadOnlyDictionary<string, string> Lookup => lookup;

    public void Set(string name, string value)
    {
        var index = items.FindIndex(item => item.Key == name);
        if (index >= 0) items[index] = KeyValuePair.Create(name, value);
        else items.Add(KeyValuePair.Create(name, value));
        lookup[name] = value;
    }
}
