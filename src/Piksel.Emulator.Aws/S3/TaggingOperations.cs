using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Bucket and object tag sets. Object tagging is authorized with the object's current tags (s3:ExistingObjectTag/…)
/// and, for a put, the new ones (s3:RequestObjectTag/…); deleting a bucket's tags needs s3:PutBucketTagging, as in S3.
/// </summary>
internal sealed class TaggingOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutBucketTagging", "s3:PutBucketTagging", PutBucketTagging)
        .Add("GetBucketTagging", "s3:GetBucketTagging", GetBucketTagging)
        .Add("DeleteBucketTagging", "s3:PutBucketTagging", DeleteBucketTagging)
        .Add("PutObjectTagging", "s3:PutObjectTagging", PutObjectTagging)
        .Add("GetObjectTagging", "s3:GetObjectTagging", GetObjectTagging)
        .Add("DeleteObjectTagging", "s3:DeleteObjectTagging", DeleteObjectTagging);

    private OperationCall PutBucketTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var tags = S3Tags.ParseDocument(context.Body, objectTags: false);
            store.UpdateBucket(bucket.Name, b => b with { Tags = tags });
            return S3Xml.Status(context.Http, 204);
        });
    }

    private OperationCall GetBucketTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var tags = bucket.Tags is { Count: > 0 } t ? t : throw S3Errors.NotConfigured("NoSuchTagSet", "The TagSet does not exist", bucket.Name);
            return S3Xml.WriteAsync(context.Http, "Tagging", xml => S3Tags.WriteTagSet(xml, tags));
        });
    }

    private OperationCall DeleteBucketTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            store.UpdateBucket(bucket.Name, b => b with { Tags = null });
            return S3Xml.Status(context.Http, 204);
        });
    }

    private OperationCall PutObjectTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        var existing = store.FindObject(bucket.Name, key);
        var tags = S3Tags.ParseDocument(context.Body, objectTags: true);
        var keys = S3ConditionKeys.Write(context.Http.Request, tags);
        foreach (var (k, v) in S3ConditionKeys.Existing(existing)) keys[k] = v;
        return OperationCall.On(S3Subject.OnObject(bucket, key, keys), () =>
        {
            if (existing is null) throw S3Errors.NoSuchKey(bucket.Name, key);
            store.UpdateObject(bucket.Name, key, current => current with { Tags = tags });
            return S3Xml.Status(context.Http, 200);
        });
    }

    private OperationCall GetObjectTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        var existing = store.FindObject(bucket.Name, key);
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Existing(existing)), () =>
        {
            var obj = existing ?? throw S3Errors.NoSuchKey(bucket.Name, key);
            return S3Xml.WriteAsync(context.Http, "Tagging", xml => S3Tags.WriteTagSet(xml, obj.Tags));
        });
    }

    private OperationCall DeleteObjectTagging(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        var existing = store.FindObject(bucket.Name, key);
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Existing(existing)), () =>
        {
            if (existing is null) throw S3Errors.NoSuchKey(bucket.Name, key);
            store.UpdateObject(bucket.Name, key, current => current with { Tags = new Dictionary<string, string>() });
            return S3Xml.Status(context.Http, 204);
        });
    }
}
