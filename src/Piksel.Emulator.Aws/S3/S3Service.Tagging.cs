using System.Net;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>Parses <c>&lt;Tagging&gt;&lt;TagSet&gt;&lt;Tag&gt;&lt;Key/&gt;&lt;Value/&gt;&lt;/Tag&gt;…</c>.</summary>
    private static Dictionary<string, string> ParseTagging(ReadOnlyMemory<byte> body, bool objectTags)
    {
        var document = S3Xml.Parse(body, "Tagging");
        var tagSet = document.Child("TagSet") ?? throw S3Xml.MalformedXml();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tagSet.Children("Tag"))
        {
            var key = tag.ChildValue("Key") ?? throw S3Xml.MalformedXml();
            if (!tags.TryAdd(key, tag.ChildValue("Value") ?? ""))
                throw new AwsServiceException("InvalidTag", "Cannot provide multiple Tags with the same key") { Details = new Dictionary<string, string> { ["TagKey"] = key } };
        }
        ValidateTags(tags, objectTags);
        return tags;
    }

    private static void WriteTagSet(XmlWriter xml, IReadOnlyDictionary<string, string> tags)
    {
        xml.WriteStartElement("TagSet", Namespace);
        foreach (var (key, value) in tags)
        {
            xml.WriteStartElement("Tag", Namespace);
            xml.Element("Key", key);
            xml.Element("Value", value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private S3Object RequireObject(string bucket, string key) => objects.Find(ObjectKey(bucket, key)) ?? throw NoSuchKey(bucket, key);

    private Task PutObjectTaggingAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        var existing = objects.Find(ObjectKey(bucketName, key));
        var tags = ParseTagging(context.Body, objectTags: true);
        var keys = WriteKeys(context.Http.Request, tags);
        foreach (var (k, v) in ExistingKeys(existing)) keys[k] = v;
        Authorize(context, bucket, "s3:PutObjectTagging", key, keys);
        if (existing is null) throw NoSuchKey(bucketName, key);
        objects.Update(ObjectKey(bucketName, key), current => current is null ? throw NoSuchKey(bucketName, key) : current with { Tags = tags });
        context.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private Task GetObjectTaggingAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        var existing = objects.Find(ObjectKey(bucketName, key));
        Authorize(context, bucket, "s3:GetObjectTagging", key, ExistingKeys(existing));
        var obj = existing ?? throw NoSuchKey(bucketName, key);
        return S3Xml.WriteAsync(context.Http, "Tagging", xml => WriteTagSet(xml, obj.Tags));
    }

    private Task DeleteObjectTaggingAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        var existing = objects.Find(ObjectKey(bucketName, key));
        Authorize(context, bucket, "s3:DeleteObjectTagging", key, ExistingKeys(existing));
        if (existing is null) throw NoSuchKey(bucketName, key);
        objects.Update(ObjectKey(bucketName, key), current => current is null ? throw NoSuchKey(bucketName, key) : current with { Tags = new Dictionary<string, string>() });
        context.Http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private Task GetObjectAclAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:GetObjectAcl", key);
        var obj = RequireObject(bucketName, key);
        return WriteAclAsync(context, bucket.OwnerAccount, obj.Acl);
    }

    private Task PutObjectAclAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:PutObjectAcl", key, WriteKeys(context.Http.Request));
        var acl = ReadCannedAcl(context);
        CheckObjectAcl(bucket, acl);
        RequireObject(bucketName, key);
        objects.Update(ObjectKey(bucketName, key), current => current is null ? throw NoSuchKey(bucketName, key) : current with { Acl = acl });
        context.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private Task GetBucketAclAsync(AwsRequestContext context, string bucketName)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:GetBucketAcl");
        return WriteAclAsync(context, bucket.OwnerAccount, bucket.Acl);
    }

    private Task PutBucketAclAsync(AwsRequestContext context, string bucketName)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:PutBucketAcl", conditionKeys: WriteKeys(context.Http.Request));
        var acl = ReadCannedAcl(context);
        if (bucket.ObjectOwnership == "BucketOwnerEnforced" && acl is not ("private" or "bucket-owner-full-control"))
            throw new AwsServiceException("AccessControlListNotSupported", "The bucket does not allow ACLs");
        if (bucket.PublicAccessBlock?.BlockPublicAcls == true && acl is "public-read" or "public-read-write" or "authenticated-read")
            throw new AwsServiceException("AccessDenied", "Access Denied", HttpStatusCode.Forbidden);
        buckets.Update(bucketName, current => current is null ? null : current with { Acl = acl });
        context.Http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>The canned ACL of a PutObjectAcl/PutBucketAcl: the x-amz-acl header; a grant document is accepted only as the owner's full control.</summary>
    private static string ReadCannedAcl(AwsRequestContext context)
    {
        if (context.Http.Request.Headers["x-amz-acl"].ToString() is { Length: > 0 } canned)
        {
            ValidateCannedAcl(canned);
            return canned;
        }
        if (context.Body.IsEmpty) throw new AwsServiceException("MissingSecurityHeader", "Your request was missing a required header") { Details = new Dictionary<string, string> { ["MissingHeaderName"] = "x-amz-acl" } };
        var policy = S3Xml.Parse(context.Body, "AccessControlPolicy");
        var everyone = policy.Descendants().Any(e => e.Name.LocalName == "URI" && e.Value.EndsWith("/AllUsers", StringComparison.Ordinal));
        return everyone ? "public-read" : "private";
    }

    private static Task WriteAclAsync(AwsRequestContext context, string owner, string acl) =>
        S3Xml.WriteAsync(context.Http, "AccessControlPolicy", xml =>
        {
            xml.Owner("Owner", owner);
            xml.WriteStartElement("AccessControlList", Namespace);
            WriteGrant(xml, "CanonicalUser", owner, "FULL_CONTROL");
            if (acl is "public-read" or "public-read-write") WriteGrant(xml, "Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ");
            if (acl is "public-read-write") WriteGrant(xml, "Group", "http://acs.amazonaws.com/groups/global/AllUsers", "WRITE");
            if (acl is "authenticated-read") WriteGrant(xml, "Group", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "READ");
            xml.WriteEndElement();
        });

    private static void WriteGrant(XmlWriter xml, string type, string who, string permission)
    {
        const string xsi = "http://www.w3.org/2001/XMLSchema-instance";
        xml.WriteStartElement("Grant", Namespace);
        xml.WriteStartElement("Grantee", Namespace);
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
