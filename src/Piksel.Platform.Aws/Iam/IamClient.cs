using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Iam;

/// <summary>
/// A typed IAM client (awsQuery, 2010-05-08) signed with AWSSDK.Core. It speaks to real AWS (global endpoint
/// <c>iam.amazonaws.com</c>, signed for us-east-1) or to any endpoint in <see cref="AwsClientOptions.ServiceUrl"/>.
/// Errors surface as <see cref="AwsApiException"/> with IAM's codes (NoSuchEntity, EntityAlreadyExists…);
/// policy documents in answers are URL-decoded.
/// </summary>
public sealed partial class IamClient(AwsClientOptions options)
    : QueryApiClient(options, "iam", "2010-05-08", "iam.amazonaws.com")
{
    private Task<XElement> Call(string action, CancellationToken cancellationToken, params IEnumerable<KeyValuePair<string, string>>[] parameters) =>
        CallAsync(action, parameters.SelectMany(p => p), cancellationToken);

    /// <summary>Parameters whose value is not null.</summary>
    private static IEnumerable<KeyValuePair<string, string>> P(params (string Name, string? Value)[] values) =>
        values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Name, v.Value!));

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Flag(bool? value) => value is null ? null : value.Value ? "true" : "false";

    private static IEnumerable<KeyValuePair<string, string>> TagParameters(IEnumerable<IamTag> tags) =>
        tags.SelectMany((t, i) => new[]
        {
            KeyValuePair.Create($"Tags.member.{i + 1}.Key", t.Key),
            KeyValuePair.Create($"Tags.member.{i + 1}.Value", t.Value),
        });

    private static IEnumerable<KeyValuePair<string, string>> Paging(string? marker, int? maxItems) =>
        P(("Marker", marker), ("MaxItems", Number(maxItems)));

    /// <summary>Follows <c>Marker</c> from page to page until IAM says the list is complete.</summary>
    private static async IAsyncEnumerable<T> AllPages<T>(Func<string?, Task<IamPage<T>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetch(marker);
            foreach (var item in page.Items) yield return item;
            marker = page.Marker;
        }
        while (marker is not null);
    }

    private static async Task<IReadOnlyList<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    private static IamPage<T> Page<T>(XElement result, string listName, Func<XElement, T> read) =>
        new(MembersOf(result, listName).Select(read).ToList(),
            Text(result, "IsTruncated") == "true" ? Text(result, "Marker") : null);

    private static string? Text(XElement? element, string name) => element?.Element(name)?.Value;

    private static string Required(XElement? element, string name) =>
        Text(element, name) ?? throw new InvalidOperationException($"IAM answer lacks <{name}>.");

    private static DateTimeOffset Date(XElement? element, string name) =>
        Text(element, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : default;

    private static int Int(XElement? element, string name, int fallback = 0) =>
        Text(element, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>IAM answers policy documents URL-encoded (RFC 3986).</summary>
    private static string Decode(string text) => Uri.UnescapeDataString(text);

    private static List<IamTag> Tags(XElement? element) =>
        MembersOf(element, "Tags").Select(t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")).ToList();

    private static List<string> Strings(XElement? element, string name) =>
        MembersOf(element, name).Select(m => m.Value).ToList();

    private static string? Boundary(XElement element) => element.Element("PermissionsBoundary") is { } b ? Text(b, "PermissionsBoundaryArn") : null;

    private static Role ReadRole(XElement e) => new()
    {
        RoleName = Required(e, "RoleName"),
        RoleId = Required(e, "RoleId"),
        Arn = Required(e, "Arn"),
        Path = Text(e, "Path") ?? "/",
        CreateDate = Date(e, "CreateDate"),
        AssumeRolePolicyDocument = Decode(Text(e, "AssumeRolePolicyDocument") ?? ""),
        Description = Text(e, "Description"),
        MaxSessionDuration = Int(e, "MaxSessionDuration", 3600),
        PermissionsBoundaryArn = Boundary(e),
        Tags = Tags(e),
    };

    private static User ReadUser(XElement e) => new()
    {
        UserName = Text(e, "UserName") ?? "",
        UserId = Required(e, "UserId"),
        Arn = Required(e, "Arn"),
        Path = Text(e, "Path") ?? "/",
        CreateDate = Date(e, "CreateDate"),
        PermissionsBoundaryArn = Boundary(e),
        Tags = Tags(e),
    };

    private static ManagedPolicy ReadPolicy(XElement e) => new()
    {
        PolicyName = Required(e, "PolicyName"),
        PolicyId = Required(e, "PolicyId"),
        Arn = Required(e, "Arn"),
        Path = Text(e, "Path") ?? "/",
        DefaultVersionId = Required(e, "DefaultVersionId"),
        AttachmentCount = Int(e, "AttachmentCount"),
        PermissionsBoundaryUsageCount = Int(e, "PermissionsBoundaryUsageCount"),
        IsAttachable = Text(e, "IsAttachable") != "false",
        Description = Text(e, "Description"),
        CreateDate = Date(e, "CreateDate"),
        UpdateDate = Date(e, "UpdateDate"),
        Tags = Tags(e),
    };

    private static PolicyVersion ReadVersion(XElement e) =>
        new(Required(e, "VersionId"), Text(e, "IsDefaultVersion") == "true", Date(e, "CreateDate"),
            Text(e, "Document") is { } document ? Decode(document) : null);

    private static AttachedPolicy ReadAttached(XElement e) => new(Required(e, "PolicyName"), Required(e, "PolicyArn"));
}
