namespace Piksel.Emulator.Aws.Policy;

/// <summary>The condition keys a request's tags bring: <c>aws:RequestTag/&lt;key&gt;</c> for each tag and <c>aws:TagKeys</c> with all keys.</summary>
internal static class RequestTagKeys
{
    /// <summary>For policies that govern tagging on create or tag; empty when there are no tags.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Of(IEnumerable<KeyValuePair<string, string>> tags)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var tagKeys = new List<string>();
        foreach (var (key, value) in tags)
        {
            keys["aws:RequestTag/" + key] = [value];
            tagKeys.Add(key);
        }
        if (tagKeys.Count > 0) keys["aws:TagKeys"] = tagKeys;
        return keys;
    }
}
