using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// RDS's query lists name their members (<c>SubnetIds.SubnetIdentifier.1</c>, <c>Tags.Tag.1.Key</c>,
/// <c>Filters.Filter.1.Values.Value.1</c>) where other query services write <c>member</c>; both are read. Every value is bounded.
/// </summary>
internal static class RdsParameters
{
    /// <summary>Most members a list may have: far more than any RDS call takes, few enough to bound the work.</summary>
    public const int MaxItems = 100;

    /// <summary>The list <c>prefix.member.N</c> (or <c>prefix.member-name.N</c>), stopping at the first gap.</summary>
    public static IReadOnlyList<string> List(QueryParameters query, string prefix, string member)
    {
        var list = new List<string>();
        for (var i = 1; i <= MaxItems + 1; i++)
        {
            var value = query.Get($"{prefix}.{member}.{i}") ?? query.Get($"{prefix}.member.{i}");
            if (value is null) break;
            list.Add(value);
        }
        return list.Count > MaxItems ? throw RdsErrors.InvalidParameterValue($"{prefix} may hold at most {MaxItems} values.") : list;
    }

    /// <summary>The tags <c>Tags.Tag.N.Key/Value</c>; a key must be 1–128 characters, not starting with <c>aws:</c>.</summary>
    public static IReadOnlyList<RdsTag> Tags(QueryParameters query, string prefix = "Tags")
    {
        var tags = new List<RdsTag>();
        for (var i = 1; i <= 51; i++)
        {
            var key = query.Get($"{prefix}.Tag.{i}.Key") ?? query.Get($"{prefix}.member.{i}.Key");
            if (key is null) break;
            var value = query.Get($"{prefix}.Tag.{i}.Value") ?? query.Get($"{prefix}.member.{i}.Value") ?? "";
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw RdsErrors.InvalidParameterValue("Tag keys must be 1 to 128 characters and must not begin with aws:.");
            if (value.Length > 256) throw RdsErrors.InvalidParameterValue("Tag values must be at most 256 characters.");
            tags.Add(new RdsTag(key, value));
        }
        if (tags.Count > 50) throw RdsErrors.InvalidParameterValue("A resource can have at most 50 tags.");
        return tags;
    }

    /// <summary>The filters <c>Filters.Filter.N.Name</c> with their <c>Values.Value.M</c>.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Filters(QueryParameters query)
    {
        var filters = new List<(string, IReadOnlyList<string>)>();
        for (var i = 1; i <= MaxItems + 1; i++)
        {
            var head = query.Get($"Filters.Filter.{i}.Name") is not null ? $"Filters.Filter.{i}" : $"Filters.member.{i}";
            if (query.Get($"{head}.Name") is not { } name) break;
            filters.Add((name, List(query, $"{head}.Values", "Value")));
        }
        return filters.Count > MaxItems ? throw RdsErrors.InvalidParameterValue($"At most {MaxItems} filters are allowed.") : filters;
    }

    /// <summary>A boolean as botocore writes it (<c>true</c>/<c>false</c>); anything else is InvalidParameterValue.</summary>
    public static bool? Bool(QueryParameters query, string name) => query.Get(name) switch
    {
        null => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var text => throw RdsErrors.InvalidParameterValue($"Invalid value '{Printable(text)}' for {name}: must be true or false."),
    };

    /// <summary>An integer; not one answers InvalidParameterValue.</summary>
    public static int? Int(QueryParameters query, string name) => query.Get(name) switch
    {
        null => null,
        var text when int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        var text => throw RdsErrors.InvalidParameterValue($"Invalid value '{Printable(text)}' for {name}: must be an integer."),
    };

    /// <summary>A required parameter: absent answers MissingParameter, as RDS does.</summary>
    public static string Required(QueryParameters query, string name) =>
        query.Get(name) is { Length: > 0 } value ? value : throw RdsErrors.MissingParameter(name);

    /// <summary>The text cut short and stripped of control characters, safe to repeat in an error.</summary>
    public static string Printable(string text)
    {
        var cut = text.Length > 64 ? text[..64] + "…" : text;
        return new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
