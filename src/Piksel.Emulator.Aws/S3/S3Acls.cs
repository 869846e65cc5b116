using System.Net;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Canned ACLs as the emulator keeps them: reading one from a request, the rules ownership controls and Block Public
/// Access put on them, and the AccessControlPolicy document a Get*Acl answers.
/// </summary>
internal static class S3Acls
{
    private const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    /// <summary>The permissions an ACL grant may give (S3's schema; anything else is MalformedACLError).</summary>
    private static readonly HashSet<string> Permissions = new(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"], StringComparer.Ordinal);

    public static void ValidateCanned(string acl)
    {
        if (acl is not ("private" or "public-read" or "public-read-write" or "authenticated-read" or "aws-exec-read" or "bucket-owner-read" or "bucket-owner-full-control" or "log-delivery-write"))
            throw new AwsServiceException("InvalidArgument", $"Invalid canned ACL: {acl}");
    }

    /// <summary>Whether <paramref name="acl"/> grants anything to people outside the account, which BlockPublicAcls refuses.</summary>
    public static bool IsPublic(string acl) => acl is "public-read" or "public-read-write" or "authenticated-read";

    /// <summary>ACLs on objects: refused where ownership controls disable them, public ones refused under BlockPublicAcls.</summary>
    public static void CheckObjectAcl(S3Bucket bucket, string acl)
    {
        if (bucket.ObjectOwnership == "BucketOwnerEnforced" && acl is not ("private" or "bucket-owner-full-control"))
        {
            throw new AwsServiceException("AccessControlListNotSupported", "The bucket does not allow ACLs")
            { Details = new Dictionary<string, string> { ["BucketName"] = bucket.Name } };
        }

        if (bucket.PublicAccessBlock?.BlockPublicAcls == true && IsPublic(acl)) throw S3Errors.PlainAccessDenied();
    }

    /// <summary>A bucket ACL other than the owner's own under BucketOwnerEnforced ownership.</summary>
    public static AwsServiceException NotWithBucketOwnerEnforced() =>
        new("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");

    /// <summary>The canned ACL of a PutObjectAcl/PutBucketAcl: the x-amz-acl header; a grant document is accepted only as the owner's full control or public read.</summary>
    public static string ReadCanned(AwsRequestContext context)
    {
        if (context.Http.Request.Headers["x-amz-acl"].ToString() is { Length: > 0 } canned)
        {
            ValidateCanned(canned);
            return canned;
        }
        if (context.Body.IsEmpty)
        {
            throw new AwsServiceException("MissingSecurityHeader", "Your request was missing a required header")
            { Details = new Dictionary<string, string> { ["MissingHeaderName"] = "x-amz-acl" } };
        }

        var policy = S3Xml.Parse(context.Body, "AccessControlPolicy");
        if (policy.Descendants().Any(e => e.Name.LocalName == "Permission" && !Permissions.Contains(e.Value)))
            throw new AwsServiceException("MalformedACLError", "The XML you provided was not well-formed or did not validate against our published schema");
        var everyone = policy.Descendants().Any(e => e.Name.LocalName == "URI" && e.Value.EndsWith("/AllUsers", StringComparison.Ordinal));
        return everyone ? "public-read" : "private";
    }

    /// <summary>Answers the AccessControlPolicy of <paramref name="acl"/>: the owner's full control plus the groups the canned ACL grants.</summary>
    public static Task WriteAsync(AwsRequestContext context, string owner, string acl) =>
        S3Xml.WriteAsync(context.Http, "AccessControlPolicy", xml =>
        {
            xml.Owner("Owner", owner);
            xml.WriteStartElement("AccessControlList", S3Service.Namespace);
            WriteGrant(xml, "CanonicalUser", owner, "FULL_CONTROL");
            if (acl is "public-read" or "public-read-write") WriteGrant(xml, "Group", AllUsers, "READ");
            if (acl is "public-read-write") WriteGrant(xml, "Group", AllUsers, "WRITE");
            if (acl is "authenticated-read") WriteGrant(xml, "Group", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "READ");
            xml.WriteEndElement();
        });

    private static void WriteGrant(XmlWriter xml, string type, string who, string permission)
    {
        const string xsi = "http://www.w3.org/2001/XMLSchema-instance";
        xml.WriteStartElement("Grant", S3Service.Namespace);
        xml.WriteStartElement("Grantee", S3Service.Namespace);
        xml.WriteAttributeString("xmlns", "xsi", null, xsi);
        xml.WriteAttributeString("type", xsi, type);
        if (type == "CanonicalUser")
        {
            xml.Element("ID", S3Xml.CanonicalId(who));
            xml.Element("DisplayName", who);
        }
        else
        {
            xml.Element("URI", who);
        }
        xml.WriteEndElement();
        xml.Element("Permission", permission);
        xml.WriteEndElement();
    }
}
