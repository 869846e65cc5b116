using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>
/// The ec2 protocol's parameter names: lists are <c>Name.N</c> (1-based, no <c>.member</c>), structures
/// <c>Name.N.Field</c>, e.g. <c>VolumeId.1</c>, <c>Filter.1.Name</c>, <c>Filter.1.Value.1</c>,
/// <c>TagSpecification.1.Tag.1.Key</c>. Also how an operation answers: its members after requestId.
/// </summary>
internal static class Ec2Parameters
{
    /// <summary>The list <c>prefix.1</c>, <c>prefix.2</c>… (stops at the first gap).</summary>
    public static IReadOnlyList<string> List(this QueryParameters query, string prefix)
    {
        var list = new List<string>();
        for (var i = 1; query.Get($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}") is { } value; i++) list.Add(value);
        return list;
    }

    /// <summary>The tags <c>prefix.N.Key</c> / <c>prefix.N.Value</c> (a missing value is empty, as EC2 stores it).</summary>
    public static IReadOnlyList<Ec2Tag> Tags(this QueryParameters query, string prefix) =>
        [.. query.TagKeys(prefix).Select(t => new Ec2Tag(t.Key, t.Value ?? ""))];

    /// <summary>The tags of <c>DeleteTags</c>: a key with an optional value (absent means any value).</summary>
    public static IReadOnlyList<(string Key, string? Value)> TagKeys(this QueryParameters query, string prefix)
    {
        var tags = new List<(string, string?)>();
        for (var i = 1; query.Get($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}.Key") is { } key; i++)
            tags.Add((key, query.Get($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}.Value")));
        return tags;
    }

    /// <summary><c>Filter.N.Name</c> with <c>Filter.N.Value.M</c>.</summary>
    public static IReadOnlyList<Ec2Filter> Filters(this QueryParameters query)
    {
        var filters = new List<Ec2Filter>();
        for (var i = 1; query.Get($"Filter.{i.ToString(CultureInfo.InvariantCulture)}.Name") is { } name; i++)
            filters.Add(new Ec2Filter(name, query.List($"Filter.{i.ToString(CultureInfo.InvariantCulture)}.Value")));
        return filters;
    }

    /// <summary>The tags of every <c>TagSpecification.N</c> for <paramref name="resourceType"/>; another type answers InvalidParameterValue.</summary>
    public static IReadOnlyList<Ec2Tag> TagSpecifications(this QueryParameters query, string resourceType)
    {
        var tags = new List<Ec2Tag>();
        for (var i = 1; ; i++)
        {
            var head = $"TagSpecification.{i.ToString(CultureInfo.InvariantCulture)}";
            var type = query.Get(head + ".ResourceType");
            var specTags = query.Tags(head + ".Tag");
            if (type is null && specTags.Count == 0) return tags;
            if (type is null) throw Ec2Errors.MissingParameter($"{head}.ResourceType");
            if (type != resourceType)
                throw Ec2Errors.InvalidParameterValue($"'{type}' is not a valid taggable resource type for this operation.");
            tags.AddRange(specTags);
        }
    }

    /// <summary>An integer parameter, or null; anything else answers InvalidParameterValue.</summary>
    public static int? Int(this QueryParameters query, string name) =>
        query.Get(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {name} is invalid. Expected an integer.");

    /// <summary>A boolean parameter, or null.</summary>
    public static bool? Bool(this QueryParameters query, string name) =>
        query.Get(name) is not { } text ? null
        : bool.TryParse(text, out var b) ? b
        : throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {name} is invalid. Expected a boolean.");

    /// <summary>True when <paramref name="value"/> matches <paramref name="pattern"/> with EC2's filter wildcards.</summary>
    public static bool Matches(string pattern, string value)
    {
        if (!pattern.Contains('*') && !pattern.Contains('?')) return pattern == value;
        // A glob, not a regular expression: a filter of "*a*a*a…b" would backtrack for ever over a long tag value.
        return Policy.Glob.Match(pattern, value, ignoreCase: false);
    }

    /// <summary>True when any of the filter's values matches <paramref name="value"/>.</summary>
    public static bool MatchesAny(this Ec2Filter filter, string? value) => value is not null && filter.Values.Any(p => Matches(p, value));

    /// <summary>With <c>DryRun=true</c>, an authorized request stops here with 412 DryRunOperation, as EC2 answers.</summary>
    public static void StopIfDryRun(this QueryParameters query)
    {
        if (query.Bool("DryRun") == true) throw Ec2Errors.DryRunOperation();
    }

    /// <summary>A page of <paramref name="items"/> after the offset in <paramref name="token"/>; all of them without MaxResults.</summary>
    public static (List<T> Page, string? Next) Page<T>(List<T> items, int? maxResults, string? token)
    {
        var offset = 0;
        if (token is not null && !(int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset <= items.Count))
            throw Ec2Errors.InvalidNextToken();
        var size = maxResults ?? (token is null ? int.MaxValue : 1000);
        var page = items.Skip(offset).Take(size).ToList();
        return (page, offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// Authorizes the operation's action on <paramref name="access"/>, then writes the members <paramref name="run"/>
    /// answers: <paramref name="run"/> reads and validates the rest of the request first, so its errors come after a denial.
    /// </summary>
    public static OperationCall Answer(AwsRequestContext context, Access access, Func<Action<XmlWriter>> run) =>
        OperationCall.On(access, () => Write(context, run()));

    /// <summary>Writes the operation's answer with <paramref name="members"/> after requestId.</summary>
    public static Task Write(AwsRequestContext context, Action<XmlWriter> members) =>
        Ec2Response.WriteAsync(context.Http, context.Operation?.Name ?? context.Query.Action ?? "", context.RequestId, members);
}
