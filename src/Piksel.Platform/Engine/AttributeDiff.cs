using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>Compares a resource's desired attributes with its actual ones.</summary>
internal static class AttributeDiff
{
    /// <summary>Attributes that differ (create-only attributes never do). Absent on one side counts as a difference.</summary>
    public static IReadOnlyList<AttributeChange> Compare(PlatformResource desired, PlatformResource actual)
    {
        var before = ResourceAttributes.Of(actual).ToDictionary(a => a.Path, StringComparer.Ordinal);
        var after = ResourceAttributes.Of(desired).ToDictionary(a => a.Path, StringComparer.Ordinal);
        var changes = new List<AttributeChange>();
        foreach (var path in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(path, out var was);
            after.TryGetValue(path, out var will);
            var flags = (was?.Flags ?? AttributeFlags.None) | (will?.Flags ?? AttributeFlags.None);
            if (flags.HasFlag(AttributeFlags.CreateOnly) || string.Equals(was?.Value, will?.Value, StringComparison.Ordinal))
            {
                continue;
            }

            changes.Add(new AttributeChange(path, was?.Value, will?.Value, flags));
        }

        return changes;
    }

    /// <summary>Every attribute of a resource about to be created, as changes from nothing.</summary>
    public static IReadOnlyList<AttributeChange> ForCreate(PlatformResource desired) =>
        ResourceAttributes.Of(desired).Select(a => new AttributeChange(a.Path, null, a.Value, a.Flags)).ToArray();

    /// <summary>The change kind a non-empty diff calls for.</summary>
    public static ChangeKind KindOf(IReadOnlyList<AttributeChange> changes) =>
        changes.Count == 0 ? ChangeKind.NoChange
        : changes.Any(c => c.ForcesReplacement) ? ChangeKind.Replace
        : ChangeKind.Update;
}
