using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Buckets themselves: create, head, list, delete, location. Bucket names are global across every account of the
/// emulator, as in AWS; CreateBucket and ListBuckets are the caller's identity's to allow (no bucket policy yet).
/// </summary>
internal sealed partial class BucketOperations(S3Store store) : IOperationGroup
{
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateBucket", "s3:CreateBucket", CreateBucket)
        .Add("HeadBucket", "s3:ListBucket", HeadBucket)
        .Add("ListBuckets", "s3:ListAllMyBuckets", ListBuckets)
        .Add("DeleteBucket", "s3:DeleteBucket", DeleteBucket)
        .Add("GetBucketLocation", "s3:GetBucketLocation", GetBucketLocation);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketNameShape();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex IpShape();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionShape();

    /// <summary>The general-purpose bucket naming rules (S3 User Guide, "Bucket naming rules").</summary>
    internal static bool IsValidBucketName(string name) =>
        BucketNameShape().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !IpShape().IsMatch(name)
        && !name.StartsWith("xn--", StringComparison.Ordinal) && !name.StartsWith("sthree-", StringComparison.Ordinal)
        && !name.StartsWith("amzn-s3-demo-", StringComparison.Ordinal)
        && !ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    private OperationCall CreateBucket(AwsRequestContext context)
    {
        var name = S3Target.Of(context).BucketName;
        if (!IsValidBucketName(name))
            throw new AwsServiceException("InvalidBucketName", "The specified bucket is not valid.") { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        var request = context.Http.Request;
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (request.Headers["x-amz-acl"].ToString() is { Length: > 0 } cannedAcl) keys["s3:x-amz-acl"] = [cannedAcl];
        if (request.Headers["x-amz-object-ownership"].ToString() is { Length: > 0 } ownershipHeader) keys["s3:x-amz-object-ownership"] = [ownershipHeader];
        var access = new Access(S3Subject.BucketArn(name)) { ResourceAccount = context.AccountId, ContextKeys = keys };
        return OperationCall.On(access, () =>
        {
            var bucket = NewBucket(context, name);
            if (!store.Buckets.TryAdd(name, bucket)) CheckRecreate(context, store.RequireBucket(name), bucket.Region);
            context.Http.Response.Headers.Location = "/" + name;
            return S3Xml.Status(context.Http, 200);
        });
    }

    /// <summary>The bucket a CreateBucket asks for, with S3's defaults since April 2023: Block Public Access on, ACLs off.</summary>
    private static S3Bucket NewBucket(AwsRequestContext context, string name)
    {
        var region = context.Region;
        if (!context.Body.IsEmpty)
        {
            var config = S3Xml.Parse(context.Body, "CreateBucketConfiguration");
            if (config.ChildValue("LocationConstraint") is { } given)
            {
                // "EU" is S3's legacy name for eu-west-1, which the .NET SDK still sends.
                var constraint = given == "EU" ? "eu-west-1" : given;
                if (constraint == "us-east-1" || !RegionShape().IsMatch(constraint))
                    throw new AwsServiceException("InvalidLocationConstraint", "The specified location-constraint is not valid") { Details = new Dictionary<string, string> { ["LocationConstraint"] = constraint } };
                if (constraint != context.Region)
                {
                    throw new AwsServiceException("IllegalLocationConstraintException",
                        $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.");
                }

                region = constraint;
            }
        }

        var request = context.Http.Request;
        var ownership = request.Headers["x-amz-object-ownership"].ToString() is { Length: > 0 } o ? o : "BucketOwnerEnforced";
        if (ownership is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter"))
            throw new AwsServiceException("InvalidArgument", "Invalid x-amz-object-ownership header: " + ownership);
        var acl = request.Headers["x-amz-acl"].ToString() is { Length: > 0 } a ? a : "private";
        S3Acls.ValidateCanned(acl);
        if (ownership == "BucketOwnerEnforced" && acl is not ("private" or "bucket-owner-full-control")) throw S3Acls.NotWithBucketOwnerEnforced();
        return new S3Bucket
        {
            Name = name,
            OwnerAccount = context.AccountId,
            Region = region,
            CreationDate = context.Time.GetUtcNow(),
            PublicAccessBlock = S3PublicAccessBlock.AllOn,
            ObjectOwnership = ownership,
            Encryption = S3Encryption.SseS3,
            Acl = acl,
        };
    }

    /// <summary>A name that is taken: another account's is BucketAlreadyExists; the caller's own is BucketAlreadyOwnedByYou, except in us-east-1.</summary>
    private static void CheckRecreate(AwsRequestContext context, S3Bucket existing, string region)
    {
        var name = existing.Name;
        if (existing.OwnerAccount != context.AccountId)
        {
            throw new AwsServiceException("BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
                HttpStatusCode.Conflict)
            { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        }
        // For legacy compatibility S3 answers 200 to the owner re-creating a bucket in us-east-1; every other region says 409.
        if (existing.Region != "us-east-1" || region != "us-east-1")
        {
            throw new AwsServiceException("BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.", HttpStatusCode.Conflict)
            { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        }
    }

    private OperationCall HeadBucket(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            context.Http.Response.Headers["x-amz-bucket-region"] = bucket.Region;
            context.Http.Response.Headers["x-amz-access-point-alias"] = "false";
            return S3Xml.Status(context.Http, 200);
        });
    }

    private OperationCall ListBuckets(AwsRequestContext context) => OperationCall.On(Access.Any, () =>
    {
        var query = context.Http.Request.Query;
        var prefix = query["prefix"].ToString();
        var regionFilter = query["bucket-region"].ToString();
        var start = query["continuation-token"].ToString();
        var max = int.TryParse(query["max-buckets"], CultureInfo.InvariantCulture, out var m) && m is > 0 and <= 10000 ? m : 10000;
        var mine = store.Buckets.Values
            .Where(b => b.OwnerAccount == context.AccountId && b.Name.StartsWith(prefix, StringComparison.Ordinal)
                && (regionFilter.Length == 0 || b.Region == regionFilter) && string.CompareOrdinal(b.Name, start) > 0)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var page = mine.Take(max).ToList();
        return S3Xml.WriteAsync(context.Http, "ListAllMyBucketsResult", xml =>
        {
            xml.Owner("Owner", context.AccountId);
            xml.WriteStartElement("Buckets", S3Service.Namespace);
            foreach (var b in page)
            {
                xml.WriteStartElement("Bucket", S3Service.Namespace);
                xml.Element("Name", b.Name);
                xml.Element("CreationDate", XmlValues.Timestamp(b.CreationDate));
                xml.Element("BucketRegion", b.Region);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            if (mine.Count > page.Count) xml.Element("ContinuationToken", page[^1].Name);
            if (prefix.Length > 0) xml.Element("Prefix", prefix);
        });
    });

    private OperationCall DeleteBucket(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var prefix = bucket.Name + "/";
            if (store.Objects.Items.Any(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                throw new AwsServiceException("BucketNotEmpty", "The bucket you tried to delete is not empty", HttpStatusCode.Conflict)
                {
                    Details = new Dictionary<string, string> { ["BucketName"] = bucket.Name },
                };
            }

            foreach (var upload in store.Uploads.Values.Where(u => u.Bucket == bucket.Name).ToList()) store.DiscardUpload(upload);
            store.Buckets.Remove(bucket.Name);
            return S3Xml.Status(context.Http, 204);
        });
    }

    private OperationCall GetBucketLocation(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        // us-east-1 answers an empty LocationConstraint, for compatibility with the original US Standard region.
        return OperationCall.On(S3Subject.OnBucket(bucket), () => S3Xml.WriteAsync(context.Http, "LocationConstraint", xml =>
        {
            if (bucket.Region != "us-east-1") xml.WriteString(bucket.Region);
        }));
    }
}
