using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>Reads <c>x-amz-copy-source</c> (<c>[/]bucket/key[?versionId=…]</c>, URL-encoded) and finds the source, authorizing s3:GetObject on it.</summary>
    private (S3Bucket Bucket, S3Object Object) ReadCopySource(AwsRequestContext context)
    {
        var header = context.Http.Request.Headers["x-amz-copy-source"].ToString();
        var q = header.IndexOf('?');
        var path = Uri.UnescapeDataString(q >= 0 ? header[..q] : header).TrimStart('/');
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
            throw new AwsServiceException("InvalidArgument", "Invalid copy source object key")
                { Details = new Dictionary<string, string> { ["ArgumentName"] = "x-amz-copy-source", ["ArgumentValue"] = header } };
        var bucket = RequireBucket(path[..slash]);
        var key = path[(slash + 1)..];
        var source = objects.Find(ObjectKey(bucket.Name, key));
        Authorize(context, bucket, "s3:GetObject", key, ExistingKeys(source), source?.Acl);
        if (source is null) throw NoSuchKey(bucket.Name, key);
        CheckCopyPreconditions(context.Http.Request, source);
        return (bucket, source);
    }

    private static void CheckCopyPreconditions(HttpRequest request, S3Object source)
    {
        var headers = request.Headers;
        var modified = source.LastModified.UtcDateTime;
        modified = modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond));
        var ifMatch = headers["x-amz-copy-source-if-match"].ToString();
        if (ifMatch.Length > 0 && !EtagMatches(ifMatch, source.ETag)) throw PreconditionFailed("x-amz-copy-source-If-Match");
        if (ifMatch.Length == 0 && ParseHttpDate(headers["x-amz-copy-source-if-unmodified-since"].ToString()) is { } unmodified && modified > unmodified)
            throw PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        var ifNoneMatch = headers["x-amz-copy-source-if-none-match"].ToString();
        if (ifNoneMatch.Length > 0 && EtagMatches(ifNoneMatch, source.ETag)) throw PreconditionFailed("x-amz-copy-source-If-None-Match");
        if (ifNoneMatch.Length == 0 && ParseHttpDate(headers["x-amz-copy-source-if-modified-since"].ToString()) is { } since && modified <= since)
            throw PreconditionFailed("x-amz-copy-source-If-Modified-Since");
    }

    private async Task CopyObjectAsync(AwsRequestContext context, string bucketName, string key, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        CheckKey(key);
        var request = context.Http.Request;
        var (_, source) = ReadCopySource(context);
        var metadataDirective = request.Headers["x-amz-metadata-directive"].ToString() is { Length: > 0 } md ? md : "COPY";
        var taggingDirective = request.Headers["x-amz-tagging-directive"].ToString() is { Length: > 0 } td ? td : "COPY";
        if (metadataDirective is not ("COPY" or "REPLACE")) throw new AwsServiceException("InvalidArgument", "Unknown metadata directive.");
        if (taggingDirective is not ("COPY" or "REPLACE")) throw new AwsServiceException("InvalidArgument", "Unknown tagging directive.");
        var settings = ReadObjectSettings(request, bucket);
        var tags = taggingDirective == "REPLACE" ? settings.Tags : source.Tags;
        Authorize(context, bucket, "s3:PutObject", key, WriteKeys(request, tags));
        if (taggingDirective == "REPLACE" && tags.Count > 0) Authorize(context, bucket, "s3:PutObjectTagging", key, WriteKeys(request, tags));

        var sameObject = source.Bucket == bucketName && source.Key == key;
        var changesSomething = metadataDirective == "REPLACE" || request.Headers.ContainsKey("x-amz-storage-class")
            || request.Headers.ContainsKey("x-amz-server-side-encryption") || request.Headers.ContainsKey("x-amz-website-redirect-location");
        if (sameObject && !changesSomething)
            throw new AwsServiceException("InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");

        var data = await state.Blobs.ReadAsync(source.BlobId, cancellationToken);
        var checksums = source.ChecksumType == "FULL_OBJECT" ? source.Checksums : new Dictionary<string, string>();
        if (request.Headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } algorithm)
        {
            if (!S3Checksums.IsKnown(algorithm)) throw new AwsServiceException("InvalidRequest", "Checksum algorithm provided is unsupported.");
            checksums = new Dictionary<string, string> { [algorithm.ToUpperInvariant()] = S3Checksums.ComputeBase64(algorithm, data) };
        }
        var blobId = await state.Blobs.WriteAsync(data, cancellationToken);
        var copy = new S3Object
        {
            Bucket = bucketName,
            Key = key,
            BlobId = blobId,
            Size = source.Size,
            ETag = source.PartsCount is null ? source.ETag : $"\"{Convert.ToHexStringLower(S3Checksums.Md5(data))}\"",
            LastModified = context.Time.GetUtcNow(),
            ContentType = metadataDirective == "REPLACE" ? settings.ContentType : source.ContentType,
            Metadata = metadataDirective == "REPLACE" ? settings.Metadata : source.Metadata,
            Headers = metadataDirective == "REPLACE" ? settings.Headers : source.Headers,
            Tags = tags,
            Checksums = checksums,
            ChecksumType = checksums.Count > 0 ? "FULL_OBJECT" : null,
            Encryption = request.Headers.ContainsKey("x-amz-server-side-encryption") ? settings.Encryption : bucket.Encryption ?? S3Encryption.SseS3,
            StorageClass = settings.StorageClass,
            Acl = settings.Acl,
            OwnerAccount = bucket.OwnerAccount,
        };
        StoreObject(copy);
        WriteEncryptionHeaders(context.Http.Response, copy.Encryption);
        await S3Xml.WriteAsync(context.Http, "CopyObjectResult", xml =>
        {
            xml.Element("ETag", copy.ETag);
            xml.Element("LastModified", XmlValues.Timestamp(copy.LastModified));
            foreach (var (name, value) in copy.Checksums) xml.Element("Checksum" + name, value);
            if (copy.ChecksumType is not null) xml.Element("ChecksumType", copy.ChecksumType);
        });
    }

    private async Task DeleteObjectsAsync(AwsRequestContext context, string bucketName, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        var document = S3Xml.Parse(context.Body, "Delete");
        var quiet = string.Equals(document.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = document.Children("Object").Select(o => o.ChildValue("Key") ?? throw S3Xml.MalformedXml()).ToList();
        if (keys.Count is 0 or > 1000) throw S3Xml.MalformedXml();
        var deleted = new List<string>();
        var errors = new List<(string Key, string Code, string Message)>();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Authorize(context, bucket, "s3:DeleteObject", key, ExistingKeys(objects.Find(ObjectKey(bucketName, key))));
                RemoveObject(bucketName, key);
                deleted.Add(key);
            }
            catch (AwsServiceException e)
            {
                errors.Add((key, e.Code, e.Message));
            }
        }
        await S3Xml.WriteAsync(context.Http, "DeleteResult", xml =>
        {
            if (!quiet)
                foreach (var key in deleted)
                {
                    xml.WriteStartElement("Deleted", S3Service.Namespace);
                    xml.Element("Key", key);
                    xml.WriteEndElement();
                }
            foreach (var (key, code, message) in errors)
            {
                xml.WriteStartElement("Error", S3Service.Namespace);
                xml.Element("Key", key);
                xml.Element("Code", code);
                xml.Element("Message", message);
                xml.WriteEndElement();
            }
        });
    }

    private async Task UploadPartCopyAsync(AwsRequestContext context, string bucketName, string key, CancellationToken cancellationToken)
    {
        var (upload, partNumber) = RequireUploadPart(context, bucketName, key);
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:PutObject", key);
        var (_, source) = ReadCopySource(context);
        var data = await state.Blobs.ReadAsync(source.BlobId, cancellationToken);
        var range = context.Http.Request.Headers["x-amz-copy-source-range"].ToString();
        if (range.Length > 0)
        {
            if (ParseRange(range, data.Length) is not { Start: >= 0 } r || !range.Contains('-', StringComparison.Ordinal) || range.EndsWith('-'))
                throw new AwsServiceException("InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
                    { Details = new Dictionary<string, string> { ["ArgumentName"] = "x-amz-copy-source-range", ["ArgumentValue"] = range } };
            data = data.AsSpan((int)r.Start, (int)(r.End - r.Start + 1)).ToArray();
        }
        var part = await StorePartAsync(context, upload, partNumber, data, upload.ChecksumAlgorithm is { } a ? S3Checksums.ComputeBase64(a, data) : null, cancellationToken);
        await S3Xml.WriteAsync(context.Http, "CopyPartResult", xml =>
        {
            xml.Element("ETag", part.ETag);
            xml.Element("LastModified", XmlValues.Timestamp(part.LastModified));
            if (part.Checksum is not null && upload.ChecksumAlgorithm is not null) xml.Element("Checksum" + upload.ChecksumAlgorithm, part.Checksum);
        });
    }
}
