using System.Globalization;
using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Multipart uploads: create, upload a part, complete (parts joined into one object with S3's multipart ETag and
/// composite or full-object checksum), abort. Every step is s3:PutObject but the abort, as in S3.
/// </summary>
internal sealed class MultipartOperations(S3Store store, S3PayloadReader payloads) : IOperationGroup
{
    private const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateMultipartUpload", "s3:PutObject", CreateMultipartUpload)
        .Add("UploadPart", "s3:PutObject", UploadPart)
        .Add("CompleteMultipartUpload", "s3:PutObject", CompleteMultipartUpload)
        .Add("AbortMultipartUpload", "s3:AbortMultipartUpload", AbortMultipartUpload);

    /// <summary>The upload and part number an UploadPart(Copy) names: NoSuchBucket, InvalidArgument for a number outside 1–10000, NoSuchUpload.</summary>
    public static (S3Upload Upload, int PartNumber) RequireUploadPart(AwsRequestContext context, S3Store store)
    {
        var (bucket, key) = (S3Target.Of(context).BucketName, S3Target.Of(context).ObjectKey);
        store.RequireBucket(bucket);
        var text = context.Http.Request.Query["partNumber"].ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10000)
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text);
        return (store.RequireUpload(context, bucket, key), number);
    }

    private OperationCall CreateMultipartUpload(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        ObjectOperations.CheckKey(key);
        var request = context.Http.Request;
        var settings = S3ObjectSettings.Read(request, bucket);
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Write(request, settings.Tags)), () =>
        {
            var algorithm = request.Headers["x-amz-checksum-algorithm"].ToString();
            if (algorithm.Length > 0 && !S3Checksums.IsKnown(algorithm)) throw S3Errors.UnsupportedChecksumAlgorithm();
            var checksumType = request.Headers["x-amz-checksum-type"].ToString() is { Length: > 0 } t ? t.ToUpperInvariant() : null;
            if (checksumType is not (null or "COMPOSITE" or "FULL_OBJECT"))
                throw new AwsServiceException("InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
            if (algorithm.Length > 0) checksumType ??= algorithm.Equals("CRC64NVME", StringComparison.OrdinalIgnoreCase) ? "FULL_OBJECT" : "COMPOSITE";

            var upload = new S3Upload
            {
                UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
                Bucket = bucket.Name,
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
            store.Uploads.Put(upload.UploadId, upload);
            var response = context.Http.Response;
            S3ObjectHeaders.WriteEncryption(response, upload.Encryption);
            if (upload.ChecksumAlgorithm is not null)
            {
                response.Headers["x-amz-checksum-algorithm"] = upload.ChecksumAlgorithm;
                response.Headers["x-amz-checksum-type"] = upload.ChecksumType;
            }
            return S3Xml.WriteAsync(context.Http, "InitiateMultipartUploadResult", xml =>
            {
                xml.Element("Bucket", bucket.Name);
                xml.Element("Key", key);
                xml.Element("UploadId", upload.UploadId);
            });
        });
    }

    private OperationCall UploadPart(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnObject(bucket, S3Target.Of(context).ObjectKey), async () =>
        {
            var (upload, number) = RequireUploadPart(context, store);
            var payload = payloads.Read(context);
            if (payload.Data.LongLength > MaxPartSize)
                throw new AwsServiceException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            if (upload.ChecksumAlgorithm is { } expected && payload.Algorithm is { } actual && actual != expected)
            {
                throw new AwsServiceException("InvalidRequest",
                    $"Checksum Type mismatch occurred, expected checksum Type: {expected.ToLowerInvariant()}, actual checksum Type: {actual.ToLowerInvariant()}");
            }

            var checksum = upload.ChecksumAlgorithm is { } algorithm
                ? payload.Checksums.GetValueOrDefault(algorithm) ?? S3Checksums.ComputeBase64(algorithm, payload.Data)
                : null;
            var part = await store.StorePartAsync(upload, number, payload.Data, checksum, context.Time, context.Cancellation);
            var response = context.Http.Response;
            response.Headers.ETag = part.ETag;
            S3ObjectHeaders.WriteEncryption(response, upload.Encryption);
            if (upload.ChecksumAlgorithm is not null && checksum is not null) response.Headers["x-amz-checksum-" + upload.ChecksumAlgorithm.ToLowerInvariant()] = checksum;
            else foreach (var (name, value) in payload.Checksums) response.Headers["x-amz-checksum-" + name.ToLowerInvariant()] = value;
            response.StatusCode = 200;
        });
    }

    private OperationCall CompleteMultipartUpload(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        return OperationCall.On(S3Subject.OnObject(bucket, key), async () =>
        {
            var upload = store.RequireUpload(context, bucket.Name, key);
            var chosen = S3PartList.Choose(context.Body, upload, store.PartsOf(upload.UploadId));
            S3Preconditions.CheckWrite(context.Http.Request, store.FindObject(bucket.Name, key), bucket.Name, key);
            var obj = await S3PartList.JoinAsync(store, upload, chosen, bucket.OwnerAccount, context.Time, context.Cancellation);
            store.StoreObject(obj);
            store.DiscardUpload(upload);
            S3ObjectHeaders.WriteEncryption(context.Http.Response, obj.Encryption);
            var request = context.Http.Request;
            await S3Xml.WriteAsync(context.Http, "CompleteMultipartUploadResult", xml =>
            {
                xml.Element("Location", $"{request.Scheme}://{request.Host}/{bucket.Name}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}");
                xml.Element("Bucket", bucket.Name);
                xml.Element("Key", key);
                xml.Element("ETag", obj.ETag);
                foreach (var (name, value) in obj.Checksums) xml.Element("Checksum" + name, value);
                if (obj.ChecksumType is not null) xml.Element("ChecksumType", obj.ChecksumType);
            });
        });
    }

    private OperationCall AbortMultipartUpload(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        return OperationCall.On(S3Subject.OnObject(bucket, key), () =>
        {
            store.DiscardUpload(store.RequireUpload(context, bucket.Name, key));
            return S3Xml.Status(context.Http, 204);
        });
    }
}
