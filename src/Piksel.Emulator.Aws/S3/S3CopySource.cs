using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// The source a CopyObject or UploadPartCopy names in <c>x-amz-copy-source</c> (<c>[/]bucket/key[?versionId=…]</c>,
/// URL-encoded): its bucket, key and object (null when absent, which is told only to callers allowed to read it).
/// </summary>
internal sealed record S3CopySource(S3Bucket Bucket, string Key, S3Object? Object)
{
    /// <summary>Reads the header and finds the source's bucket; InvalidArgument for a header without bucket and key, NoSuchBucket for a missing bucket.</summary>
    public static S3CopySource Read(AwsRequestContext context, S3Store store)
    {
        var header = context.Http.Request.Headers["x-amz-copy-source"].ToString();
        var q = header.IndexOf('?');
        var path = Uri.UnescapeDataString(q >= 0 ? header[..q] : header).TrimStart('/');
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1) throw S3Errors.InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        var bucket = store.RequireBucket(path[..slash]);
        var key = path[(slash + 1)..];
        return new S3CopySource(bucket, key, store.FindObject(bucket.Name, key));
    }

    /// <summary>What reading the source needs: s3:GetObject on it, with its tags and ACL.</summary>
    public Access Access => S3Subject.OnObject(Bucket, Key, S3ConditionKeys.Existing(Object), Object?.Acl);

    /// <summary>The source object once reading it is allowed: NoSuchKey when absent, 412 when a copy-source condition fails.</summary>
    public S3Object Require(AwsRequestContext context)
    {
        var source = Object ?? throw S3Errors.NoSuchKey(Bucket.Name, Key);
        S3Preconditions.CheckCopySource(context.Http.Request, source);
        return source;
    }
}
