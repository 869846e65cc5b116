using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// A bucket's switches: Block Public Access, ownership controls, default encryption, Requester Pays and versioning.
/// Deleting a configuration is authorized with its Put action, as in S3.
/// </summary>
internal sealed class BucketConfigurationOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock", PutPublicAccessBlock)
        .Add("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", GetPublicAccessBlock)
        .Add("DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock", c => Remove(c, b => b with { PublicAccessBlock = null }))
        .Add("PutBucketOwnershipControls", "s3:PutBucketOwnershipControls", PutBucketOwnershipControls)
        .Add("GetBucketOwnershipControls", "s3:GetBucketOwnershipControls", GetBucketOwnershipControls)
        .Add("DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls", c => Remove(c, b => b with { ObjectOwnership = null }))
        .Add("PutBucketEncryption", "s3:PutEncryptionConfiguration", PutBucketEncryption)
        .Add("GetBucketEncryption", "s3:GetEncryptionConfiguration", GetBucketEncryption)
        .Add("DeleteBucketEncryption", "s3:PutEncryptionConfiguration", c => Remove(c, b => b with { Encryption = S3Encryption.SseS3 }))
        .Add("PutBucketRequestPayment", "s3:PutBucketRequestPayment", PutBucketRequestPayment)
        .Add("GetBucketRequestPayment", "s3:GetBucketRequestPayment", GetBucketRequestPayment)
        .Add("PutBucketVersioning", "s3:PutBucketVersioning", PutBucketVersioning)
        .Add("GetBucketVersioning", "s3:GetBucketVersioning", GetBucketVersioning);

    /// <summary>The bucket the request names, the access on it, and <paramref name="run"/> with the bucket as it was read.</summary>
    private OperationCall OnBucket(AwsRequestContext context, Func<S3Bucket, Task> run)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () => run(bucket));
    }

    /// <summary>Removes a configuration: the bucket record changed by <paramref name="change"/>, answered 204.</summary>
    private OperationCall Remove(AwsRequestContext context, Func<S3Bucket, S3Bucket> change) => OnBucket(context, bucket =>
    {
        store.UpdateBucket(bucket.Name, change);
        return S3Xml.Status(context.Http, 204);
    });

    private OperationCall PutPublicAccessBlock(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var doc = S3Xml.Parse(context.Body, "PublicAccessBlockConfiguration");
        var block = new S3PublicAccessBlock(S3Xml.ReadBool(doc.ChildValue("BlockPublicAcls")), S3Xml.ReadBool(doc.ChildValue("IgnorePublicAcls")),
            S3Xml.ReadBool(doc.ChildValue("BlockPublicPolicy")), S3Xml.ReadBool(doc.ChildValue("RestrictPublicBuckets")));
        store.UpdateBucket(bucket.Name, b => b with { PublicAccessBlock = block });
        return S3Xml.Status(context.Http, 200);
    });

    private OperationCall GetPublicAccessBlock(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var block = bucket.PublicAccessBlock
            ?? throw S3Errors.NotConfigured("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", bucket.Name);
        return S3Xml.WriteAsync(context.Http, "PublicAccessBlockConfiguration", xml =>
        {
            xml.Element("BlockPublicAcls", XmlValues.Bool(block.BlockPublicAcls));
            xml.Element("IgnorePublicAcls", XmlValues.Bool(block.IgnorePublicAcls));
            xml.Element("BlockPublicPolicy", XmlValues.Bool(block.BlockPublicPolicy));
            xml.Element("RestrictPublicBuckets", XmlValues.Bool(block.RestrictPublicBuckets));
        });
    });

    private OperationCall PutBucketOwnershipControls(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var doc = S3Xml.Parse(context.Body, "OwnershipControls");
        var rules = doc.Children("Rule").ToList();
        if (rules.Count != 1) throw S3Xml.MalformedXml();
        var ownership = rules[0].ChildValue("ObjectOwnership");
        if (ownership is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter")) throw S3Xml.MalformedXml();
        if (ownership == "BucketOwnerEnforced" && bucket.Acl is not ("private" or "bucket-owner-full-control"))
            throw S3Acls.NotWithBucketOwnerEnforced();
        store.UpdateBucket(bucket.Name, b => b with { ObjectOwnership = ownership });
        return S3Xml.Status(context.Http, 200);
    });

    private OperationCall GetBucketOwnershipControls(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var ownership = bucket.ObjectOwnership
            ?? throw S3Errors.NotConfigured("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", bucket.Name);
        return S3Xml.WriteAsync(context.Http, "OwnershipControls", xml =>
        {
            xml.WriteStartElement("Rule", S3Service.Namespace);
            xml.Element("ObjectOwnership", ownership);
            xml.WriteEndElement();
        });
    });

    private OperationCall PutBucketEncryption(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var doc = S3Xml.Parse(context.Body, "ServerSideEncryptionConfiguration");
        var rule = doc.Child("Rule") ?? throw S3Xml.MalformedXml();
        var byDefault = rule.Child("ApplyServerSideEncryptionByDefault") ?? throw S3Xml.MalformedXml();
        var algorithm = byDefault.ChildValue("SSEAlgorithm");
        if (algorithm is not ("AES256" or "aws:kms" or "aws:kms:dsse")) throw S3Xml.MalformedXml();
        var keyId = byDefault.ChildValue("KMSMasterKeyID") is { Length: > 0 } k ? k : null;
        if (keyId is not null && algorithm == "AES256")
            throw new AwsServiceException("InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse");
        var bucketKey = S3Xml.ReadBool(rule.ChildValue("BucketKeyEnabled"));
        store.UpdateBucket(bucket.Name, b => b with { Encryption = new S3Encryption(algorithm, keyId, bucketKey) });
        return S3Xml.Status(context.Http, 200);
    });

    private OperationCall GetBucketEncryption(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        // Since January 2023 every bucket has default encryption: without a configuration it is SSE-S3.
        var encryption = bucket.Encryption ?? S3Encryption.SseS3;
        return S3Xml.WriteAsync(context.Http, "ServerSideEncryptionConfiguration", xml =>
        {
            xml.WriteStartElement("Rule", S3Service.Namespace);
            xml.WriteStartElement("ApplyServerSideEncryptionByDefault", S3Service.Namespace);
            xml.Element("SSEAlgorithm", encryption.Algorithm);
            xml.Element("KMSMasterKeyID", encryption.KmsKeyId);
            xml.WriteEndElement();
            xml.Element("BucketKeyEnabled", XmlValues.Bool(encryption.BucketKeyEnabled));
            xml.WriteEndElement();
        });
    });

    private OperationCall PutBucketRequestPayment(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var payer = S3Xml.Parse(context.Body, "RequestPaymentConfiguration").ChildValue("Payer");
        if (payer is not ("BucketOwner" or "Requester")) throw S3Xml.MalformedXml();
        store.UpdateBucket(bucket.Name, b => b with { Payer = payer });
        return S3Xml.Status(context.Http, 200);
    });

    private OperationCall GetBucketRequestPayment(AwsRequestContext context) => OnBucket(context, bucket =>
        S3Xml.WriteAsync(context.Http, "RequestPaymentConfiguration", xml => xml.Element("Payer", bucket.Payer)));

    private OperationCall PutBucketVersioning(AwsRequestContext context) => OnBucket(context, bucket =>
    {
        var status = S3Xml.Parse(context.Body, "VersioningConfiguration").ChildValue("Status");
        if (status is not ("Enabled" or "Suspended")) throw S3Xml.MalformedXml();
        store.UpdateBucket(bucket.Name, b => b with { Versioning = status });
        return S3Xml.Status(context.Http, 200);
    });

    private OperationCall GetBucketVersioning(AwsRequestContext context) => OnBucket(context, bucket =>
        S3Xml.WriteAsync(context.Http, "VersioningConfiguration", xml => xml.Element("Status", bucket.Versioning)));
}
