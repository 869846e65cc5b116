using System.Globalization;
using System.Xml.Linq;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Iam;

/// <summary>Reads IAM's XML answers into the client's records: lists, pages, dates, tags, policy documents.</summary>
internal static class IamAnswers
{
    /// <summary>One page of a list: its items and the marker of the next, when IAM says it is truncated.</summary>
    public static IamPage<T> Page<T>(XElement result, string listName, Func<XElement, T> read) =>
        new(QueryApiClient.MembersOf(result, listName).Select(read).ToList(),
            Text(result, "IsTruncated") == "true" ? Text(result, "Marker") : null);

    /// <summary>The text of the child element, or null.</summary>
    public static string? Text(XElement? element, string name) => element?.Element(name)?.Value;

    /// <summary>The text of a child element IAM always sends.</summary>
    public static string Required(XElement? element, string name) =>
        Text(element, name) ?? throw new InvalidOperationException($"IAM answer lacks <{name}>.");

    /// <summary>A timestamp (UTC when it names no offset), or default.</summary>
    public static DateTimeOffset Date(XElement? element, string name) =>
        Text(element, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : default;

    /// <summary>A number, or <paramref name="fallback"/>.</summary>
    public static int Int(XElement? element, string name, int fallback = 0) =>
        Text(element, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A policy document as IAM answers it: URL-encoded (RFC 3986).</summary>
    public static string Decode(string text) => Uri.UnescapeDataString(text);

    /// <summary>The <c>Tags</c> list.</summary>
    public static List<IamTag> Tags(XElement? element) =>
        QueryApiClient.MembersOf(element, "Tags").Select(t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")).ToList();

    /// <summary>A list of strings.</summary>
    public static List<string> Strings(XElement? element, string name) =>
        QueryApiClient.MembersOf(element, name).Select(m => m.Value).ToList();

    /// <summary>The permissions boundary's ARN, or null.</summary>
    public static string? Boundary(XElement element) => element.Element("PermissionsBoundary") is { } b ? Text(b, "PermissionsBoundaryArn") : null;

    /// <summary>A <c>Role</c> element.</summary>
    public static Role ReadRole(XElement e) => new()
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

    /// <summary>A <c>User</c> element.</summary>
    public static User ReadUser(XElement e) => new()
    {
        UserName = Text(e, "UserName") ?? "",
        UserId = Required(e, "UserId"),
        Arn = Required(e, "Arn"),
        Path = Text(e, "Path") ?? "/",
        CreateDate = Date(e, "CreateDate"),
        PermissionsBoundaryArn = Boundary(e),
        Tags = Tags(e),
    };

    /// <summary>A <c>Policy</c> element.</summary>
    public static ManagedPolicy ReadPolicy(XElement e) => new()
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

    /// <summary>A <c>PolicyVersion</c> element (its document decoded).</summary>
    public static PolicyVersion ReadVersion(XElement e) =>
        new(Required(e, "VersionId"), Text(e, "IsDefaultVersion") == "true", Date(e, "CreateDate"),
            Text(e, "Document") is { } document ? Decode(document) : null);

    /// <summary>An attached policy.</summary>
    public static AttachedPolicy ReadAttached(XElement e) => new(Required(e, "PolicyName"), Required(e, "PolicyArn"));
}
