using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// The request parameters AssumeRole and AssumeRoleWithWebIdentity share, validated with the constraints of the
/// STS service model and STS's own checks (durations against the role, session policies, session tags).
/// </summary>
internal static partial class SessionParameters
{
    /// <summary>Default session length when DurationSeconds is absent, and the cap for role chaining.</summary>
    public const int DefaultDuration = 3600;

    /// <summary>Budget, in deflated bytes, that 100% PackedPolicySize stands for.</summary>
    private const int PackedBudget = 1024;

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]*$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagKeyPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagValuePattern();

    /// <summary>RoleArn: 20–2048 characters and an IAM role ARN.</summary>
    public static Arn RoleArn(QueryParameters query)
    {
        var text = query.Required("RoleArn");
        Length("roleArn", text, 20, 2048);
        var arn = Arn.TryParse(text);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal) || arn.Account.Length == 0)
            throw StsErrors.Validation($"{text} is invalid");
        return arn;
    }

    /// <summary>RoleSessionName: 2–64 characters of <c>[\w+=,.@-]</c>.</summary>
    public static string SessionName(QueryParameters query)
    {
        var name = query.Required("RoleSessionName");
        Length("roleSessionName", name, 2, 64);
        Pattern("roleSessionName", name, NamePattern(), @"[\w+=,.@-]*");
        return name;
    }

    /// <summary>ExternalId: 2–1224 characters of <c>[\w+=,.@:/-]</c>.</summary>
    public static string? ExternalId(QueryParameters query)
    {
        if (query.Get("ExternalId") is not { } id) return null;
        Length("externalId", id, 2, 1224);
        Pattern("externalId", id, ExternalIdPattern(), @"[\w+=,.@:\/-]*");
        return id;
    }

    /// <summary>SourceIdentity (from a parameter or a token claim): 2–64 characters of <c>[\w+=,.@-]</c>.</summary>
    public static string? SourceIdentity(string? value)
    {
        if (value is null) return null;
        Length("sourceIdentity", value, 2, 64);
        Pattern("sourceIdentity", value, NamePattern(), @"[\w+=,.@-]*");
        if (value.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            throw StsErrors.Validation("The source identity cannot begin with the prefix aws:.");
        return value;
    }

    /// <summary>
    /// The session length: 900–43200 (model), at most the role's MaxSessionDuration, and at most one hour when a role
    /// session assumes another role (role chaining).
    /// </summary>
    public static int Duration(QueryParameters query, RoleRecord role, bool chained)
    {
        var requested = query.GetInt("DurationSeconds");
        if (requested is not { } seconds) return DefaultDuration;
        if (seconds < 900) throw StsErrors.Validation("durationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 900");
        if (seconds > 43200) throw StsErrors.Validation("durationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "Member must have value less than or equal to 43200");
        if (chained && seconds > DefaultDuration)
            throw StsErrors.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        if (seconds > role.MaxSessionDuration)
            throw StsErrors.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        return seconds;
    }

    /// <summary>
    /// The session policies: the inline <c>Policy</c> (≤2048 characters, valid policy grammar) first, then the documents of
    /// <c>PolicyArns.member.N.arn</c> (at most 10, each an existing managed policy).
    /// </summary>
    public static IReadOnlyList<string> Policies(QueryParameters query, IamStore iam)
    {
        var policies = new List<string>();
        if (query.Get("Policy") is { } inline)
        {
            Length("policy", inline, 1, 2048);
            Parse(inline);
            policies.Add(inline);
        }
        var arns = query.GetStructList("PolicyArns");
        if (arns.Count > 10) throw StsErrors.Validation("policyArns", $"[{arns.Count} items]", "Member must have length less than or equal to 10");
        foreach (var member in arns)
        {
            var arn = member.GetValueOrDefault("arn");
            if (arn is null || arn.Length < 20)
                throw StsErrors.Validation("policyArns.member.arn", arn, "Member must have length greater than or equal to 20");
            // IAM's answer for an ARN that names no policy (STS's model has no code of its own for it).
            var document = iam.FindPolicyDocument(arn)
                ?? throw new AwsServiceException("NoSuchEntity", $"Policy {arn} does not exist or is not attachable.", System.Net.HttpStatusCode.NotFound);
            policies.Add(document);
        }
        return policies;
    }

    /// <summary>Session tags from <c>Tags.member.N.Key/Value</c>: at most 50, keys unique case-insensitively.</summary>
    public static IReadOnlyDictionary<string, string> Tags(QueryParameters query)
    {
        var members = query.GetStructList("Tags");
        if (members.Count > 50) throw StsErrors.Validation("tags", $"[{members.Count} items]", "Member must have length less than or equal to 50");
        var pairs = members.Select(m => (Key: m.GetValueOrDefault("Key"), Value: m.GetValueOrDefault("Value") ?? ""));
        return ValidateTags(pairs.Select(p => (p.Key ?? throw StsErrors.Validation("tags.member.key", null, "Member must not be null"), p.Value)));
    }

    /// <summary>Checks tag keys and values (key 1–128, value 0–256, IAM's tag alphabet, no case-insensitive duplicates).</summary>
    public static IReadOnlyDictionary<string, string> ValidateTags(IEnumerable<(string Key, string Value)> pairs)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            Length("tags.member.key", key, 1, 128);
            Pattern("tags.member.key", key, TagKeyPattern(), @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");
            Length("tags.member.value", value, 0, 256);
            Pattern("tags.member.value", value, TagValuePattern(), @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*");
            if (!seen.Add(key)) throw StsErrors.Validation("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            tags[key] = value;
        }
        return tags;
    }

    /// <summary>
    /// PackedPolicySize: STS compresses session policies and tags into the session token and reports the share of the
    /// room they take. The emulator deflates the minified documents and tags against a fixed budget; over 100% fails as in AWS.
    /// Null when the request carried neither (AWS then omits the element).
    /// </summary>
    public static int? PackedSize(IReadOnlyList<string> policies, IReadOnlyDictionary<string, string> tags)
    {
        if (policies.Count == 0 && tags.Count == 0) return null;
        var text = new StringBuilder();
        foreach (var policy in policies) text.Append(Minify(policy));
        foreach (var (key, value) in tags) text.Append(key).Append('=').Append(value).Append(';');
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(Encoding.UTF8.GetBytes(text.ToString()));
        var percent = (int)Math.Ceiling(buffer.Length * 100.0 / PackedBudget);
        if (percent > 100) throw StsErrors.PackedPolicyTooLarge(percent);
        return percent;
    }

    private static string Minify(string json)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString() ?? json; }
        catch (System.Text.Json.JsonException) { return json; }
    }

    private static void Parse(string policy)
    {
        try { PolicyDocument.Parse(policy, PolicyUsage.Identity); }
        catch (PolicyParseException e) { throw StsErrors.MalformedPolicy(e.Message); }
    }

    private static void Length(string field, string value, int min, int max)
    {
        if (value.Length < min) throw StsErrors.Validation(field, value, $"Member must have length greater than or equal to {min}");
        if (value.Length > max) throw StsErrors.Validation(field, value, $"Member must have length less than or equal to {max}");
    }

    private static void Pattern(string field, string value, Regex regex, string shown)
    {
        if (!regex.IsMatch(value)) throw StsErrors.Validation(field, value, $"Member must satisfy regular expression pattern: {shown}");
    }
}
