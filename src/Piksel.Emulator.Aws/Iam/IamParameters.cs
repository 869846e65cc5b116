using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>How IAM reads its query parameters, with the constraints and sentences of IAM's API model.</summary>
internal static partial class IamParameters
{
    private const string NamePattern = @"[\w+=,.@-]+";
    private const string PathPattern = @"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)";
    private const string RoleDescriptionPattern = @"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*";

    /// <summary>A required entity name (role, user, policy, inline policy) of at most <paramref name="max"/> characters.</summary>
    public static string Name(QueryParameters query, string parameter, int max)
    {
        var value = query.Required(parameter);
        if (value.Length < 1) throw IamErrors.Constraint(value, Member(parameter), "Member must have length greater than or equal to 1");
        if (value.Length > max) throw IamErrors.Constraint(value, Member(parameter), $"Member must have length less than or equal to {max}");
        if (!NameRegex().IsMatch(value)) throw IamErrors.Constraint(value, Member(parameter), $"Member must satisfy regular expression pattern: {NamePattern}");
        return value;
    }

    /// <summary>The optional <c>Path</c> (default <c>/</c>).</summary>
    public static string EntityPath(QueryParameters query, string parameter = "Path")
    {
        var path = query.Get(parameter) ?? "/";
        if (path.Length > 512) throw IamErrors.Constraint(path, Member(parameter), "Member must have length less than or equal to 512");
        if (!PathRegex().IsMatch(path)) throw IamErrors.Constraint(path, Member(parameter), $"Member must satisfy regular expression pattern: {PathPattern}");
        return path;
    }

    /// <summary>The optional <c>PathPrefix</c> of List* calls (default <c>/</c>).</summary>
    public static string PathPrefix(QueryParameters query)
    {
        var prefix = query.Get("PathPrefix") ?? "/";
        if (prefix.Length > 512 || !PathPrefixRegex().IsMatch(prefix))
            throw IamErrors.Constraint(prefix, "pathPrefix", @"Member must satisfy regular expression pattern: \u002F[\u0021-\u007F]*");
        return prefix;
    }

    /// <summary>A policy document parameter: length-checked and parsed with IAM's grammar.</summary>
    public static string Document(QueryParameters query, PolicyUsage usage, string parameter = "PolicyDocument")
    {
        var document = query.Required(parameter);
        if (document.Length > 131072) throw IamErrors.Constraint("...", Member(parameter), "Member must have length less than or equal to 131072");
        if (string.IsNullOrWhiteSpace(document)) throw IamErrors.MalformedPolicy("Syntax errors in policy.");
        try
        {
            PolicyDocument.Parse(document, usage);
        }
        catch (PolicyParseException e)
        {
            throw IamErrors.MalformedPolicy(e.Message);
        }
        return document;
    }

    /// <summary>
    /// The optional <c>Description</c>, at most 1000 characters; a role's also of IAM's roleDescriptionType characters
    /// (tab, line breaks, printable ASCII and Latin-1), so no control character is ever stored to be answered.
    /// </summary>
    public static string? Description(QueryParameters query, bool role = false)
    {
        var description = query.Get("Description");
        if (description is { Length: > 1000 })
            throw IamErrors.Constraint(description, "description", "Member must have length less than or equal to 1000");
        if (role && description is not null && !RoleDescriptionRegex().IsMatch(description))
            throw IamErrors.Constraint(description, "description", $"Member must satisfy regular expression pattern: {RoleDescriptionPattern}");
        return description;
    }

    /// <summary>The optional <c>MaxSessionDuration</c> of a role, in seconds (3600–43200).</summary>
    public static int? MaxSessionDuration(QueryParameters query)
    {
        var value = query.GetInt("MaxSessionDuration");
        if (value is < 3600) throw IamErrors.Constraint(IamXml.Int(value.Value), "maxSessionDuration", "Member must have value greater than or equal to 3600");
        if (value is > 43200) throw IamErrors.Constraint(IamXml.Int(value.Value), "maxSessionDuration", "Member must have value less than or equal to 43200");
        return value;
    }

    /// <summary>The user a call is about: <c>UserName</c>, else the calling IAM user (as IAM does for GetUser, keys…).</summary>
    public static string UserNameOrCaller(AwsRequestContext context)
    {
        if (context.Query.Get("UserName") is not null) return Name(context.Query, "UserName", 64);
        return context.Caller.Kind == Identity.PrincipalKind.User && context.Caller.Name is { } name
            ? name
            : throw IamErrors.Validation("Must specify userName when calling with non-User credentials");
    }

    /// <summary>A policy ARN parameter that must at least look like one.</summary>
    public static string PolicyArn(QueryParameters query, string parameter = "PolicyArn")
    {
        var text = query.Required(parameter);
        var arn = Arn.TryParse(text);
        if (text.Length < 20 || arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("policy/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"ARN {text} is not valid.");
        return text;
    }

    /// <summary>A policy version id, <c>v&lt;n&gt;</c>.</summary>
    public static string VersionId(QueryParameters query)
    {
        var id = query.Required("VersionId");
        return VersionIdRegex().IsMatch(id) ? id
            : throw IamErrors.Constraint(id, "versionId", @"Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?");
    }

    /// <summary>The ARN of an entity of the caller's account: <c>arn:aws:iam::&lt;account&gt;:&lt;type&gt;&lt;path&gt;&lt;name&gt;</c>.</summary>
    public static string IamArn(AwsRequestContext context, string type, string path, string name) =>
        $"arn:aws:iam::{context.AccountId}:{type}{path}{name}";

    /// <summary>One page of <paramref name="items"/> ordered by <paramref name="key"/>, after the request's <c>Marker</c>, at most <c>MaxItems</c> (default 100).</summary>
    public static IamPage<T> Paginate<T>(IEnumerable<T> items, Func<T, string> key, QueryParameters query)
    {
        var max = query.GetInt("MaxItems") ?? 100;
        if (max < 1) throw IamErrors.Constraint(max.ToString(CultureInfo.InvariantCulture), "maxItems", "Member must have value greater than or equal to 1");
        if (max > 1000) throw IamErrors.Constraint(max.ToString(CultureInfo.InvariantCulture), "maxItems", "Member must have value less than or equal to 1000");
        var after = query.Get("Marker") is { } marker ? DecodeMarker(marker) : null;
        var sorted = items.Select(i => (Key: key(i), Item: i))
            .Where(i => after is null || string.CompareOrdinal(i.Key, after) > 0)
            .OrderBy(i => i.Key, StringComparer.Ordinal)
            .Take(max + 1)
            .ToList();
        if (sorted.Count <= max) return new IamPage<T>(sorted.Select(i => i.Item).ToList(), null);
        var page = sorted.Take(max).ToList();
        return new IamPage<T>(page.Select(i => i.Item).ToList(), Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key)));
    }

    // Members in Coral messages are the camel-cased parameter names.
    private static string Member(string parameter) => char.ToLowerInvariant(parameter[0]) + parameter[1..];

    private static string DecodeMarker(string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw IamErrors.Validation("Invalid Marker.");
        }
    }

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$")]
    private static partial Regex PathRegex();

    [GeneratedRegex(@"^/[\u0021-\u007F]*$")]
    private static partial Regex PathPrefixRegex();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$")]
    private static partial Regex RoleDescriptionRegex();

    [GeneratedRegex(@"^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$")]
    private static partial Regex VersionIdRegex();
}
