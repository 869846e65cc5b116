using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    private const long MinPartSize = 5L * 1024 * 1024;
    private const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    private Task CreateMultipartUploadAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        CheckKey(key);
        var request = context.Http.Request;
        var settings = ReadObjectSettings(request, bucket);
        Authorize(context, bucket, "s3:PutObject", key, WriteKeys(request, settings.Tags));
        var algorithm = request.Headers["x-amz-checksum-algorithm"].ToString();
        if (algorithm.Length > 0 && !S3Checksums.IsKnown(algorithm))
            throw new AwsServiceException("InvalidRequest", "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        var checksumType = request.Headers["x-amz-checksum-type"].ToString() is { Length: > 0 } t ? t.ToUpperInvariant() : null;
        if (checksumType is not (null or "COMPOSITE" or "FULL_OBJECT"))
            throw new AwsServiceException("InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
        if (algorithm.Length > 0) checksumType ??= algorithm.Equals("CRC64NVME", StringComparison.OrdinalIgnoreCase) ? "FULL_OBJECT" : "COMPOSITE";

        var upload = new S3Upload
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
            Bucket = bucketName,
            Key = key,
            Initiated = context.Time.GetUtcNow(),
            InitiatorArn = context.Caller.Arn,
            InitiatorId = context.Caller.UserId,
            OwnerAccount = bucket.OwnerAccount,
            ContentType = settings.ContentType,
            Metadata = settings.Metadata,
            Headers = settings.Headers,
            Tags = settings.Tags,
            ChecksumAlgorithm = algorithm.Length > 0 ? algorithm.ToUpperInvariant() : null,
            ChecksumType = algorithm.Length > 0 ? checksumType : null,
            Encryption = settings.Encryption,
            StorageClass = settings.StorageClass,
            Acl = settings.Acl,
        };
        uploads.Put(upload.UploadId, upload);
        var response = context.Http.Response;
        WriteEncryptionHeaders(response, upload.Encryption);
        if (upload.ChecksumAlgorithm is not null)
        {
            response.Headers["x-amz-checksum-algorithm"] = upload.ChecksumAlgorithm;
            response.Headers["x-amz-checksum-type"] = upload.ChecksumType;
        }
        return S3Xml.WriteAsync(context.Http, "InitiateMultipartUploadResult", xml =>
        {
            xml.Element("Bucket", bucketName);
            xml.Element("Key", key);
            xml.Element("UploadId", upload.UploadId);
        });
    }

    private S3Upload RequireUpload(AwsRequestContext context, string bucket, string key)
    {
        var id = context.Http.Request.Query["uploadId"].ToString();
        var upload = uploads.Find(id);
        if (upload is null || upload.Bucket != bucket || upload.Key != key)
            throw new AwsServiceException("NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", HttpStatusCode.NotFound)
                { Details = new Dictionary<string, string> { ["UploadId"] = id } };
        return upload;
    }

    private (S3Upload Upload, int PartNumber) RequireUploadPart(AwsRequestContext context, string bucket, string key)
    {
        RequireBucket(bucket);
        var text = context.Http.Request.Query["partNumber"].ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10000)
            throw new AwsServiceException("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
                { Details = new Dictionary<string, string> { ["ArgumentName"] = "partNumber", ["ArgumentValue"] = text } };
        return (RequireUpload(context, bucket, key), number);
    }

    private async Task UploadPartAsync(AwsRequestContext context, string bucketName, string key, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:PutObject", key);
        var (upload, number) = RequireUploadPart(context, bucketName, key);
        var payload = ReadPayload(context);
        if (payload.Data.LongLength > MaxPartSize)
            throw new AwsServiceException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        if (upload.ChecksumAlgorithm is { } expected && payload.Algorithm is { } actual && actual != expected)
            throw new AwsServiceException("InvalidRequest",
                $"Checksum Type mismatch occurred, expected checksum Type: {expected.ToLowerInvariant()}, actual checksum Type: {actual.ToLowerInvariant()}");
        var checksum = upload.ChecksumAlgorithm is { } algorithm
            ? payload.Checksums.GetValueOrDefault(algorithm) ?? S3Checksums.ComputeBase64(algorithm, payload.Data)
            : null;
        var part = await StorePartAsync(context, upload, number, payload.Data, checksum, cancellationToken);
        var response = context.Http.Response;
        response.Headers.ETag = part.ETag;
        WriteEncryptionHeaders(response, upload.Encryption);
        if (upload.ChecksumAlgorithm is not null && checksum is not null) response.Headers["x-amz-checksum-" + upload.ChecksumAlgorithm.ToLowerInvariant()] = checksum;
        else foreach (var (name, value) in payload.Checksums) response.Headers["x-amz-checksum-" + name.ToLowerInvariant()] = value;
        response.StatusCode = 200;
    }

    private async Task<S3Part> StorePartAsync(AwsRequestContext context, S3Upload upload, int number, byte[] data, string? checksum, CancellationToken cancellationToken)
    {
        var blobId = await state.Blobs.WriteAsync(data, cancellationToken);
        var part = new S3Part
        {
            UploadId = upload.UploadId,
            PartNumber = number,
            BlobId = blobId,
            ETag = $"\"{Convert.ToHexStringLower(S3Checksums.Md5(data))}\"",
            Size = data.LongLength,
            LastModified = context.Time.GetUtcNow(),
            Checksum = checksum,
        };
        S3Part? previous = null;
        parts.Update(PartKey(upload.UploadId, number), current =>
        {
            previous = current;
            return part;
        });
        if (previous is not null) state.Blobs.Delete(previous.BlobId);
        return part;
    }

    private static string PartKey(string uploadId, int number) => $"{uploadId}/{number:D5}";

    private List<S3Part> PartsOf(string uploadId)
    {
        var prefix = uploadId + "/";
        return parts.Items.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value).OrderBy(p => p.PartNumber).ToList();
    }

    /// <summary>Removes an upload with its parts and their bodies.</summary>
    private void DiscardUpload(S3Upload upload)
    {
        foreach (var part in PartsOf(upload.UploadId))
        {
            parts.Remove(PartKey(upload.UploadId, part.PartNumber));
            state.Blobs.Delete(part.BlobId);
        }
        uploads.Remove(upload.UploadId);
    }

    private Task AbortMultipartUploadAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:AbortMultipartUpload", key);
        DiscardUpload(RequireUpload(context, bucketName, key));
        context.Http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
