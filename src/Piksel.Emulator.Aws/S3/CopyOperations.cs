using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Server-side copies: CopyObject and UploadPartCopy write the destination (s3:PutObject) and read the source
/// (s3:GetObject on it, which the pipeline checks right after the destination).
/// </summary>
internal sealed class CopyOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CopyObject", "s3:PutObject", CopyObject)
        .Add("UploadPartCopy", "s3:PutObject", UploadPartCopy);

    private OperationCall CopyObject(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        ObjectOperations.CheckKey(key);
        var request = context.Http.Request;
        var source = S3CopySource.Read(context, store);
        var metadataDirective = request.Headers["x-amz-metadata-directive"].ToString() is { Length: > 0 } md ? md : "COPY";
        var taggingDirective = request.Headers["x-amz-tagging-directive"].ToString() is { Length: > 0 } td ? td : "COPY";
        if (metadataDirective is not ("COPY" or "REPLACE")) throw new AwsServiceException("InvalidArgument", "Unknown metadata directive.");
        if (taggingDirective is not ("COPY" or "REPLACE")) throw new AwsServiceException("InvalidArgument", "Unknown tagging directive.");
        var settings = S3ObjectSettings.Read(request, bucket);
        var replaceTags = taggingDirective == "REPLACE";
        var tags = replaceTags ? settings.Tags : source.Object?.Tags ?? new Dictionary<string, string>();
        var destination = S3Subject.OnObject(bucket, key, S3ConditionKeys.Write(request, tags));
        var call = OperationCall.On(destination, async () =>
        {
            var required = source.Require(context);
            var (original, data) = await store.ReadCurrentAsync(required, context.Cancellation) ?? throw S3Errors.NoSuchKey(required.Bucket, required.Key);
            var sameObject = original.Bucket == bucket.Name && original.Key == key;
            var changesSomething = metadataDirective == "REPLACE" || request.Headers.ContainsKey("x-amz-storage-class")
                || request.Headers.ContainsKey("x-amz-server-side-encryption") || request.Headers.ContainsKey("x-amz-website-redirect-location");
            if (sameObject && !changesSomething)
            {
                throw new AwsServiceException("InvalidRequest",
                    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
            }

            var checksums = original.ChecksumType == "FULL_OBJECT" ? original.Checksums : new Dictionary<string, string>();
            if (request.Headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } algorithm)
            {
                if (!S3Checksums.IsKnown(algorithm)) throw new AwsServiceException("InvalidRequest", "Checksum algorithm provided is unsupported.");
                checksums = new Dictionary<string, string> { [algorithm.ToUpperInvariant()] = S3Checksums.ComputeBase64(algorithm, data) };
            }
            var blobId = await store.Blobs.WriteAsync(data, context.Cancellation);
            var replace = metadataDirective == "REPLACE";
            var copy = new S3Object
            {
                Bucket = bucket.Name,
                Key = key,
                BlobId = blobId,
                Size = original.Size,
                ETag = original.PartsCount is null ? original.ETag : $"\"{Convert.ToHexStringLower(S3Checksums.Md5(data))}\"",
                LastModified = context.Time.GetUtcNow(),
                ContentType = replace ? settings.ContentType : original.ContentType,
                Metadata = replace ? settings.Metadata : original.Metadata,
                Headers = replace ? settings.Headers : original.Headers,
                Tags = replaceTags ? settings.Tags : original.Tags,
                Checksums = checksums,
                ChecksumType = checksums.Count > 0 ? "FULL_OBJECT" : null,
                Encryption = request.Headers.ContainsKey("x-amz-server-side-encryption") ? settings.Encryption : bucket.Encryption ?? S3Encryption.SseS3,
                StorageClass = settings.StorageClass,
                Acl = settings.Acl,
                OwnerAccount = bucket.OwnerAccount,
            };
            store.StoreObject(copy);
            S3ObjectHeaders.WriteEncryption(context.Http.Response, copy.Encryption);
            await S3Xml.WriteAsync(context.Http, "CopyObjectResult", xml =>
            {
                xml.Element("ETag", copy.ETag);
                xml.Element("LastModified", XmlValues.Timestamp(copy.LastModified));
                foreach (var (name, value) in copy.Checksums) xml.Element("Checksum" + name, value);
                if (copy.ChecksumType is not null) xml.Element("ChecksumType", copy.ChecksumType);
            });
        }).AndAlso("s3:GetObject", source.Access);
        // Replacing the tags needs s3:PutObjectTagging as well.
        return replaceTags && tags.Count > 0 ? call.AndAlso("s3:PutObjectTagging", destination) : call;
    }

    private OperationCall UploadPartCopy(AwsRequestContext context)
    {
        var (upload, number) = MultipartOperations.RequireUploadPart(context, store);
        var bucket = store.RequestedBucket(context);
        var source = S3CopySource.Read(context, store);
        return OperationCall.On(S3Subject.OnObject(bucket, S3Target.Of(context).ObjectKey), async () =>
        {
            var required = source.Require(context);
            var (_, data) = await store.ReadCurrentAsync(required, context.Cancellation) ?? throw S3Errors.NoSuchKey(required.Bucket, required.Key);
            var range = context.Http.Request.Headers["x-amz-copy-source-range"].ToString();
            if (range.Length > 0)
            {
                if (S3ByteRange.Parse(range, data.Length) is not { Start: >= 0 } r || !range.Contains('-', StringComparison.Ordinal) || range.EndsWith('-'))
                {
                    throw S3Errors.InvalidArgument(
                        "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                        "x-amz-copy-source-range", range);
                }

                data = data.AsSpan((int)r.Start, (int)(r.End - r.Start + 1)).ToArray();
            }
            var checksum = upload.ChecksumAlgorithm is { } a ? S3Checksums.ComputeBase64(a, data) : null;
            var part = await store.StorePartAsync(upload, number, data, checksum, context.Time, context.Cancellation);
            await S3Xml.WriteAsync(context.Http, "CopyPartResult", xml =>
            {
                xml.Element("ETag", part.ETag);
                xml.Element("LastModified", XmlValues.Timestamp(part.LastModified));
                if (part.Checksum is not null && upload.ChecksumAlgorithm is not null) xml.Element("Checksum" + upload.ChecksumAlgorithm, part.Checksum);
            });
        }).AndAlso("s3:GetObject", source.Access);
    }
}
