using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// The XML shapes of IAM's answers. Policy documents travel URL-encoded (RFC 3986), as IAM sends them.
public sealed partial class IamService
{
    private static string Encode(string document) => Uri.EscapeDataString(document);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteRole(XmlWriter xml, RoleRecord role, bool full)
    {
        xml.WriteStartElement("Role");
        WriteRoleFields(xml, role, full);
        xml.WriteEndElement();
    }

    /// <summary>A Role's fields; <paramref name="full"/> adds what only GetRole/CreateRole carry (boundary, tags), not ListRoles.</summary>
    private static void WriteRoleFields(XmlWriter xml, RoleRecord role, bool full)
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

    private static void WriteUser(XmlWriter xml, UserRecord user, bool full)
    {
        xml.WriteStartElement("User");
        WriteUserFields(xml, user, full);
        xml.WriteEndElement();
    }

    private static void WriteUserFields(XmlWriter xml, UserRecord user, bool full)
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

    private static void WriteBoundary(XmlWriter xml, string? arn)
    {
        if (arn is null) return;
        xml.WriteStartElement("PermissionsBoundary");
        xml.WriteElementString("PermissionsBoundaryType", "Policy");
        xml.WriteElementString("PermissionsBoundaryArn", arn);
        xml.WriteEndElement();
    }

    private static void WriteTags(XmlWriter xml, IEnumerable<Tag> tags)
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

    /// <summary><c>&lt;IsTruncated/&gt;</c> and, when more follow, <c>&lt;Marker/&gt;</c>.</summary>
    private static void WritePaging<T>(XmlWriter xml, Page<T> page)
    {
        xml.WriteElementString("IsTruncated", XmlValues.Bool(page.Marker is not null));
        xml.WriteOptional("Marker", page.Marker);
    }

    /// <summary>Writes <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;</c>, one member per item.</summary>
    private static void WriteMembers<T>(XmlWriter xml, string name, IEnumerable<T> items, Action<XmlWriter, T> write)
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

    private static void WriteStrings(XmlWriter xml, string name, IEnumerable<string> values) =>
        WriteMembers(xml, name, values, (x, v) => x.WriteString(v));
}
