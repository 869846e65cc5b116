using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM's tag rules: at most 50 per entity, keys case-insensitive (tagging "env" when "Env" is there replaces it),
/// no <c>aws:</c> prefix.
/// </summary>
internal static partial class IamTags
{
    /// <summary>The most tags an entity (or one request) may carry.</summary>
    public const int MaxTags = 50;

    /// <summary>The request's <c>Tags.member.N.Key/Value</c>, validated as IAM does.</summary>
    public static List<Tag> Read(QueryParameters query, bool required = false)
    {
        var members = query.GetStructList("Tags");
        if (required && members.Count == 0) throw IamErrors.Constraint("[]", "tags", "Member must have length greater than or equal to 1");
        if (members.Count > MaxTags) throw IamErrors.Constraint("[...]", "tags", $"Member must have length less than or equal to {MaxTags}");
        var tags = new List<Tag>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var key = members[i].GetValueOrDefault("Key") ?? throw IamErrors.Constraint("null", $"tags.{i + 1}.member.key", "Member must not be null");
            var value = members[i].GetValueOrDefault("Value") ?? throw IamErrors.Constraint("null", $"tags.{i + 1}.member.value", "Member must not be null");
            if (key.Length is < 1 or > 128) throw IamErrors.Constraint(key, $"tags.{i + 1}.member.key", "Member must have length less than or equal to 128");
            if (!TagKeyRegex().IsMatch(key)) throw IamErrors.Constraint(key, $"tags.{i + 1}.member.key", @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+");
            if (value.Length > 256) throw IamErrors.Constraint(value, $"tags.{i + 1}.member.value", "Member must have length less than or equal to 256");
            if (!TagValueRegex().IsMatch(value)) throw IamErrors.Constraint(value, $"tags.{i + 1}.member.value", @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw IamErrors.InvalidInput("User-defined tag keys can't start with 'aws:' - this prefix is reserved for AWS use.");
            tags.Add(new Tag(key, value));
        }
        if (tags.DistinctBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
            throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        return tags;
    }

    /// <summary>The request's <c>TagKeys.member.N</c>.</summary>
    public static IReadOnlyList<string> ReadKeys(QueryParameters query)
    {
        var keys = query.GetList("TagKeys");
        if (keys.Count > MaxTags) throw IamErrors.Constraint("[...]", "tagKeys", $"Member must have length less than or equal to {MaxTags}");
        return keys;
    }

    /// <summary><paramref name="current"/> with <paramref name="added"/>: a key already there (any case) is replaced in place.</summary>
    public static List<Tag> Merge(IReadOnlyList<Tag> current, IReadOnlyList<Tag> added)
    {
        var merged = current.ToList();
        foreach (var tag in added)
        {
            var at = merged.FindIndex(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase));
            if (at >= 0) merged[at] = tag; else merged.Add(tag);
        }
        return merged;
    }

    /// <summary><paramref name="current"/> without the tags whose keys (any case) are in <paramref name="keys"/>.</summary>
    public static List<Tag> Remove(IReadOnlyList<Tag> current, IReadOnlyList<string> keys) =>
        current.Where(t => !keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)).ToList();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagKeyRegex();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagValueRegex();
}
