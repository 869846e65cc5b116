namespace Piksel.Platform.Aws.Handlers;

/// <summary>Puts what AWS answers into the form of the desired record, so an unchanged resource compares equal.</summary>
internal static class Canonical
{
    /// <summary>
    /// <paramref name="actual"/> in the order of <paramref name="desired"/> when both hold the same items (AWS does not keep
    /// the order of sets such as attached policies); otherwise sorted, so the difference shows.
    /// </summary>
    public static IReadOnlyList<string> SetLike(IEnumerable<string> actual, IReadOnlyList<string> desired)
    {
        var list = actual.ToList();
        if (list.Count == desired.Count && new HashSet<string>(list, StringComparer.Ordinal).SetEquals(desired))
        {
            return desired;
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Tags as a dictionary with ordinal keys.</summary>
    public static IReadOnlyDictionary<string, string> Tags<T>(IEnumerable<T> tags, Func<T, string> key, Func<T, string> value) =>
        tags.ToDictionary(key, value, StringComparer.Ordinal);

    /// <summary>The tag changes that bring <paramref name="actual"/> to <paramref name="desired"/>.</summary>
    public static (IReadOnlyList<KeyValuePair<string, string>> Set, IReadOnlyList<string> Remove) TagChanges(
        IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> desired) =>
        (desired.Where(d => !actual.TryGetValue(d.Key, out var v) || v != d.Value).ToList(),
         actual.Keys.Where(k => !desired.ContainsKey(k)).ToList());
}
