using System.Net;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>Changes one bucket record (a bucket deleted in the meantime stays deleted).</summary>
    private void UpdateBucket(string name, Func<S3Bucket, S3Bucket> change) =>
        buckets.Update(name, current => current is null ? null : change(current));

    private static Task NoContent(AwsRequestContext context, int status = 204)
    {
        context.Http.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static bool ReadBool(string? text) =>
        text is null ? false : text.Trim() switch
        {
            "true" or "TRUE" or "True" => true,
            "false" or "FALSE" or "False" => false,
            _ => throw S3Xml.MalformedXml(),
        };

    private Task PutPublicAccessBlockAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketPublicAccessBlock");
        var doc = S3Xml.Parse(context.Body, "PublicAccessBlockConfiguration");
        var block = new S3PublicAccessBlock(ReadBool(doc.ChildValue("BlockPublicAcls")), ReadBool(doc.ChildValue("IgnorePublicAcls")),
            ReadBool(doc.ChildValue("BlockPublicPolicy")), ReadBool(doc.ChildValue("RestrictPublicBuckets")));
        UpdateBucket(name, b => b with { PublicAccessBlock = block });
        return NoContent(context, 200);
    }

    private Task GetPublicAccessBlockAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketPublicAccessBlock");
        var block = bucket.PublicAccessBlock ?? throw new AwsServiceException("NoSuchPublicAccessBlockConfiguration",
            "The public access block configuration was not found", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        return S3Xml.WriteAsync(context.Http, "PublicAccessBlockConfiguration", xml =>
        {
            xml.Element("BlockPublicAcls", block.BlockPublicAcls ? "true" : "false");
            xml.Element("IgnorePublicAcls", block.IgnorePublicAcls ? "true" : "false");
            xml.Element("BlockPublicPolicy", block.BlockPublicPolicy ? "true" : "false");
            xml.Element("RestrictPublicBuckets", block.RestrictPublicBuckets ? "true" : "false");
        });
    }

    private Task DeletePublicAccessBlockAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketPublicAccessBlock");
        UpdateBucket(name, b => b with { PublicAccessBlock = null });
        return NoContent(context);
    }

    private Task PutOwnershipControlsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketOwnershipControls");
        var doc = S3Xml.Parse(context.Body, "OwnershipControls");
        var rules = doc.Children("Rule").ToList();
        if (rules.Count != 1) throw S3Xml.MalformedXml();
        var ownership = rules[0].ChildValue("ObjectOwnership");
        if (ownership is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter")) throw S3Xml.MalformedXml();
        if (ownership == "BucketOwnerEnforced" && bucket.Acl is not ("private" or "bucket-owner-full-control"))
            throw new AwsServiceException("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
        UpdateBucket(name, b => b with { ObjectOwnership = ownership });
        return NoContent(context, 200);
    }

    private Task GetOwnershipControlsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketOwnershipControls");
        var ownership = bucket.ObjectOwnership ?? throw new AwsServiceException("OwnershipControlsNotFoundError",
            "The bucket ownership controls were not found", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        return S3Xml.WriteAsync(context.Http, "OwnershipControls", xml =>
        {
            xml.WriteStartElement("Rule", Namespace);
            xml.Element("ObjectOwnership", ownership);
            xml.WriteEndElement();
        });
    }

    private Task DeleteOwnershipControlsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketOwnershipControls");
        UpdateBucket(name, b => b with { ObjectOwnership = null });
        return NoContent(context);
    }

    private Task PutBucketTaggingAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketTagging");
        var tags = ParseTagging(context.Body, objectTags: false);
        UpdateBucket(name, b => b with { Tags = tags });
        return NoContent(context);
    }

    private Task GetBucketTaggingAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketTagging");
        var tags = bucket.Tags is { Count: > 0 } t ? t : throw new AwsServiceException("NoSuchTagSet", "The TagSet does not exist", HttpStatusCode.NotFound)
            { Details = new Dictionary<string, string> { ["BucketName"] = name } };
        return S3Xml.WriteAsync(context.Http, "Tagging", xml => WriteTagSet(xml, tags));
    }

    private Task DeleteBucketTaggingAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketTagging");
        UpdateBucket(name, b => b with { Tags = null });
        return NoContent(context);
    }

    private Task PutBucketEncryptionAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutEncryptionConfiguration");
        var doc = S3Xml.Parse(context.Body, "ServerSideEncryptionConfiguration");
        var rule = doc.Child("Rule") ?? throw S3Xml.MalformedXml();
        var byDefault = rule.Child("ApplyServerSideEncryptionByDefault") ?? throw S3Xml.MalformedXml();
        var algorithm = byDefault.ChildValue("SSEAlgorithm");
        if (algorithm is not ("AES256" or "aws:kms" or "aws:kms:dsse")) throw S3Xml.MalformedXml();
        var keyId = byDefault.ChildValue("KMSMasterKeyID") is { Length: > 0 } k ? k : null;
        if (keyId is not null && algorithm == "AES256")
            throw new AwsServiceException("InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse");
        var bucketKey = ReadBool(rule.ChildValue("BucketKeyEnabled"));
        UpdateBucket(name, b => b with { Encryption = new S3Encryption(algorithm, keyId, bucketKey) });
        return NoContent(context, 200);
    }

    private Task GetBucketEncryptionAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetEncryptionConfiguration");
        // Since January 2023 every bucket has default encryption: without a configuration it is SSE-S3.
        var encryption = bucket.Encryption ?? S3Encryption.SseS3;
        return S3Xml.WriteAsync(context.Http, "ServerSideEncryptionConfiguration", xml =>
        {
            xml.WriteStartElement("Rule", Namespace);
            xml.WriteStartElement("ApplyServerSideEncryptionByDefault", Namespace);
            xml.Element("SSEAlgorithm", encryption.Algorithm);
            xml.Element("KMSMasterKeyID", encryption.KmsKeyId);
            xml.WriteEndElement();
            xml.Element("BucketKeyEnabled", encryption.BucketKeyEnabled ? "true" : "false");
            xml.WriteEndElement();
        });
    }

    private Task DeleteBucketEncryptionAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutEncryptionConfiguration");
        UpdateBucket(name, b => b with { Encryption = S3Encryption.SseS3 });
        return NoContent(context);
    }

    private Task PutRequestPaymentAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketRequestPayment");
        var payer = S3Xml.Parse(context.Body, "RequestPaymentConfiguration").ChildValue("Payer");
        if (payer is not ("BucketOwner" or "Requester")) throw S3Xml.MalformedXml();
        UpdateBucket(name, b => b with { Payer = payer });
        return NoContent(context, 200);
    }

    private Task GetRequestPaymentAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketRequestPayment");
        return S3Xml.WriteAsync(context.Http, "RequestPaymentConfiguration", xml => xml.Element("Payer", bucket.Payer));
    }

    private Task PutBucketVersioningAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketVersioning");
        var status = S3Xml.Parse(context.Body, "VersioningConfiguration").ChildValue("Status");
        if (status is not ("Enabled" or "Suspended")) throw S3Xml.MalformedXml();
        UpdateBucket(name, b => b with { Versioning = status });
        return NoContent(context, 200);
    }

    private Task GetBucketVersioningAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketVersioning");
        return S3Xml.WriteAsync(context.Http, "VersioningConfiguration", xml => xml.Element("Status", bucket.Versioning));
    }
}
