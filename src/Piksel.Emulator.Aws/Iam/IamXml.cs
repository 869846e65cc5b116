using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>The XML shapes of IAM's answers. Policy documents travel URL-encoded (RFC 3986), as IAM sends them.</summary>
internal static class IamXml
{
    /// <summary>The XML namespace of IAM's answers and errors.</summary>
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <summary>Writes <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;…</c>; a null writer answers an empty result.</summary>
    public static Task Answer(AwsRequestContext context, Action<XmlWriter>? write) =>
        QueryResponse.WriteAsync(context.Http, Namespace, context.Query.Action!, context.RequestId, write);

    /// <summary>A policy document as IAM answers it.</summary>
    public static string Encode(string document) => Uri.EscapeDataString(document);

    /// <summary>An integer in invariant form.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A <c>Role</c> element (see <see cref="WriteRoleFields"/>).</summary>
    public static void WriteRole(XmlWriter xml, RoleRecord role, bool full)
    {
        xml.WriteStartElement("Role");
        WriteRoleFields(xml, role, full);
        xml.WriteEndElement();
    }

    /// <summary>A Role's fields; <paramref name="full"/> adds what only GetRole/CreateRole carry (boundary, tags), not ListRoles.</summary>
    public static void WriteRoleFields(XmlWriter xml, RoleRecord role, bool full)
    {
        xml.WriteElementString("Path", role.Path);
        xml.WriteElementString("RoleName", role.RoleName);
        xml.WriteElementString("RoleId", role.RoleId);
        xml.WriteElementString("Arn", role.Arn);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(role.CreateDate));
        xml.WriteElementString("AssumeRolePolicyDocument", Encode(role.AssumeRolePolicyDocument));
        xml.WriteOptional("Description", role.Description);
        xml.WriteElementString("MaxSessionDuration", Int(role.MaxSessionDuration));
        if (full)
        {
            WriteBoundary(xml, role.PermissionsBoundaryArn);
            if (role.Tags.Count > 0) WriteTags(xml, role.Tags);
        }
    }

    /// <summary>A <c>User</c> element (see <see cref="WriteUserFields"/>).</summary>
    public static void WriteUser(XmlWriter xml, UserRecord user, bool full)
    {
        xml.WriteStartElement("User");
        WriteUserFields(xml, user, full);
        xml.WriteEndElement();
    }

    /// <summary>A User's fields; <paramref name="full"/> adds the boundary and tags, which ListUsers leaves out.</summary>
    public static void WriteUserFields(XmlWriter xml, UserRecord user, bool full)
    {
        xml.WriteElementString("Path", user.Path);
        xml.WriteElementString("UserName", user.UserName);
        xml.WriteElementString("UserId", user.UserId);
        xml.WriteElementString("Arn", user.Arn);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(user.CreateDate));
        if (full)
        {
            WriteBoundary(xml, user.PermissionsBoundaryArn);
            if (user.Tags.Count > 0) WriteTags(xml, user.Tags);
        }
    }

    /// <summary><c>Tags</c>, one member (Key, Value) per tag.</summary>
    public static void WriteTags(XmlWriter xml, IEnumerable<Tag> tags)
    {
        xml.WriteStartElement("Tags");
        foreach (var tag in tags)
        {
            xml.WriteStartElement("member");
            xml.WriteElementString("Key", tag.Key);
            xml.WriteElementString("Value", tag.Value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>An inline policy as Get{Role,User}Policy answer it.</summary>
    public static void WriteInlinePolicy(XmlWriter xml, string entityElement, string entityName, string policyName, string document)
    {
        xml.WriteElementString(entityElement, entityName);
        xml.WriteElementString("PolicyName", policyName);
        xml.WriteElementString("PolicyDocument", Encode(document));
    }

    /// <summary>A <c>PolicyVersion</c> element (see <see cref="WriteVersionFields"/>).</summary>
    public static void WriteVersion(XmlWriter xml, PolicyVersionRecord version, bool withDocument)
    {
        xml.WriteStartElement("PolicyVersion");
        WriteVersionFields(xml, version, withDocument);
        xml.WriteEndElement();
    }

    /// <summary>A policy version's fields; <paramref name="withDocument"/> adds the URL-encoded document, which only GetPolicyVersion answers.</summary>
    public static void WriteVersionFields(XmlWriter xml, PolicyVersionRecord version, bool withDocument)
    {
        if (withDocument) xml.WriteElementString("Document", Encode(version.Document));
        xml.WriteElementString("VersionId", version.VersionId);
        xml.WriteElementString("IsDefaultVersion", XmlValues.Bool(version.IsDefaultVersion));
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(version.CreateDate));
    }

    /// <summary><c>&lt;IsTruncated/&gt;</c> and, when more follow, <c>&lt;Marker/&gt;</c>.</summary>
    public static void WritePaging<T>(XmlWriter xml, IamPage<T> page)
    {
        xml.WriteElementString("IsTruncated", XmlValues.Bool(page.Marker is not null));
        xml.WriteOptional("Marker", page.Marker);
    }

    /// <summary>Writes <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;</c>, one member per item.</summary>
    public static void WriteMembers<T>(XmlWriter xml, string name, IEnumerable<T> items, Action<XmlWriter, T> write)
    {
        xml.WriteStartElement(name);
        foreach (var item in items)
        {
            xml.WriteStartElement("member");
            write(xml, item);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>Writes <c>&lt;name&gt;&lt;member&gt;value&lt;/member&gt;…&lt;/name&gt;</c>.</summary>
    public static void WriteStrings(XmlWriter xml, string name, IEnumerable<string> values) =>
        WriteMembers(xml, name, values, (x, v) => x.WriteString(v));

    private static void WriteBoundary(XmlWriter xml, string? arn)
    {
        if (arn is null) return;
        xml.WriteStartElement("PermissionsBoundary");
        xml.WriteElementString("PermissionsBoundaryType", "Policy");
        xml.WriteElementString("PermissionsBoundaryArn", arn);
        xml.WriteEndElement();
    }
}
