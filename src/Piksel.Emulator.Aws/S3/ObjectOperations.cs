using System.Globalization;
using System.Net;
using System.Text;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Objects: put (with payload checksums and conditional writes), get and head (with conditions and ranges), delete one,
/// delete many. Reads are authorized with the object's ACL and tags; a caller without s3:ListBucket may not learn that a
/// key is absent.
/// </summary>
internal sealed class ObjectOperations(S3Store store, S3PayloadReader payloads) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutObject", "s3:PutObject", PutObject)
        .Add("GetObject", "s3:GetObject", c => GetObject(c, head: false))
        .Add("HeadObject", "s3:GetObject", c => GetObject(c, head: true))
        .Add("DeleteObject", "s3:DeleteObject", DeleteObject)
        .Add(AwsOperation.PerItem("DeleteObjects", "s3:DeleteObject", DeleteObjects));

    /// <summary>KeyTooLongError for keys over S3's 1024 UTF-8 bytes.</summary>
    public static void CheckKey(string key)
    {
        var size = Encoding.UTF8.GetByteCount(key);
        if (size > 1024)
        {
            throw new AwsServiceException("KeyTooLongError", "Your key is too long")
            { Details = new Dictionary<string, string> { ["Size"] = size.ToString(CultureInfo.InvariantCulture), ["MaxSizeAllowed"] = "1024" } };
        }
    }

    private OperationCall PutObject(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        CheckKey(key);
        var request = context.Http.Request;
        var tags = S3Tags.ParseHeader(request.Headers["x-amz-tagging"].ToString());
        var call = OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Write(request, tags)), async () =>
        {
            var settings = S3ObjectSettings.Read(request, bucket);
            var payload = payloads.Read(context);
            S3Preconditions.CheckWrite(request, store.FindObject(bucket.Name, key), bucket.Name, key);
            var blobId = await store.Blobs.WriteAsync(payload.Data, context.Cancellation);
            var obj = new S3Object
            {
                Bucket = bucket.Name,
                Key = key,
                BlobId = blobId,
                Size = payload.Data.Length,
                ETag = $"\"{payload.Md5Hex}\"",
                LastModified = context.Time.GetUtcNow(),
                ContentType = settings.ContentType,
                Metadata = settings.Metadata,
                Headers = settings.Headers,
                Tags = settings.Tags,
                Checksums = payload.Checksums,
                ChecksumType = payload.Checksums.Count > 0 ? "FULL_OBJECT" : null,
                Encryption = settings.Encryption,
                StorageClass = settings.StorageClass,
                Acl = settings.Acl,
                OwnerAccount = bucket.OwnerAccount,
            };
            store.StoreObject(obj);
            var response = context.Http.Response;
            response.Headers.ETag = obj.ETag;
            S3ObjectHeaders.WriteEncryption(response, obj.Encryption);
            S3ObjectHeaders.WriteChecksums(response, obj.Checksums, obj.ChecksumType);
            response.StatusCode = 200;
        });
        // Tags on a put need s3:PutObjectTagging as well.
        return tags.Count > 0 ? call.AndAlso("s3:PutObjectTagging", S3Subject.OnObject(bucket, key, S3ConditionKeys.Write(request, tags))) : call;
    }

    private OperationCall GetObject(AwsRequestContext context, bool head)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        var found = store.FindObject(bucket.Name, key);
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Existing(found), found?.Acl), async () =>
        {
            if (found is null)
            {
                AbsentObjectAccess(context, bucket, key);
                throw S3Errors.NoSuchKey(bucket.Name, key);
            }

            // The body is opened first, so a concurrent overwrite cannot take it away between the headers and the bytes.
            var (obj, body) = head ? (found, Stream.Null) : store.OpenCurrent(found) ?? throw S3Errors.NoSuchKey(bucket.Name, key);
            await using var opened = body;
            var request = context.Http.Request;
            var response = context.Http.Response;
            if (S3Preconditions.CheckRead(request, obj) == 304)
            {
                response.Headers.ETag = obj.ETag;
                response.Headers.LastModified = S3Xml.HttpDate(obj.LastModified);
                response.StatusCode = 304;
                return;
            }

            S3ObjectHeaders.Write(response, obj);
            S3ObjectHeaders.ApplyOverrides(request.Query, response);
            var (offset, length) = Span(context, obj);
            response.ContentLength = length;
            if (head || length == 0) return;
            await CopyBodyAsync(context, body, offset, length);
        });
    }

    /// <summary>The part of the body to send: a satisfiable Range (206), or the whole object (200, with its checksums when asked for).</summary>
    private static (long Offset, long Length) Span(AwsRequestContext context, S3Object obj)
    {
        var request = context.Http.Request;
        var response = context.Http.Response;
        var range = request.Headers.Range.ToString();
        if (range.Length > 0 && S3ByteRange.Parse(range, obj.Size) is { } parsed)
        {
            if (parsed.Start < 0)
            {
                throw new AwsServiceException("InvalidRange", "The requested range is not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    Details = new Dictionary<string, string> { ["RangeRequested"] = range, ["ActualObjectSize"] = obj.Size.ToString(CultureInfo.InvariantCulture) },
                };
            }

            response.Headers.ContentRange = $"bytes {parsed.Start}-{parsed.End}/{obj.Size}";
            response.StatusCode = 206;
            return (parsed.Start, parsed.End - parsed.Start + 1);
        }
        response.StatusCode = 200;
        // Whole-object checksums are returned only when asked for, and never for a part of the body.
        if (string.Equals(request.Headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase))
            S3ObjectHeaders.WriteChecksums(response, obj.Checksums, obj.ChecksumType);
        return (0, obj.Size);
    }

    private static async Task CopyBodyAsync(AwsRequestContext context, Stream blob, long offset, long length)
    {
        blob.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(length, 81920)];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await blob.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), context.Cancellation);
            if (read == 0) break;
            await context.Http.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.Cancellation);
            remaining -= read;
        }
    }

    /// <summary>Without s3:ListBucket a caller may not learn that a key is absent: S3 answers 403 instead of 404.</summary>
    private static void AbsentObjectAccess(AwsRequestContext context, S3Bucket bucket, string key)
    {
        try { S3Access.Authorize(context, new AccessDemand("s3:ListBucket", S3Subject.OnBucket(bucket, S3ConditionKeys.List(key)))); }
        catch (AwsServiceException e) when (e.Code == "AccessDenied") { throw S3Errors.PlainAccessDenied(); }
    }

    private OperationCall DeleteObject(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        var existing = store.FindObject(bucket.Name, key);
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Existing(existing)), () =>
        {
            if (context.Http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && existing is not null && !S3Preconditions.EtagMatches(ifMatch, existing.ETag))
                throw S3Errors.PreconditionFailed("If-Match");
            store.RemoveObject(bucket.Name, key);
            return S3Xml.Status(context.Http, 204);
        });
    }

    /// <summary>Deletes up to 1000 keys, each authorized on its own: a denied key is reported in the answer, not the whole request.</summary>
    private OperationCall DeleteObjects(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var document = S3Xml.Parse(context.Body, "Delete");
        var quiet = string.Equals(document.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = document.Children("Object").Select(o => o.ChildValue("Key") ?? throw S3Xml.MalformedXml()).ToList();
        if (keys.Count is 0 or > 1000) throw S3Xml.MalformedXml();
        return OperationCall.ForEachItem(() =>
        {
            var deleted = new List<string>();
            var errors = new List<(string Key, string Code, string Message)>();
            foreach (var key in keys)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                try
                {
                    context.AuthorizeItem(S3Subject.OnObject(bucket, key, S3ConditionKeys.Existing(store.FindObject(bucket.Name, key))));
                    store.RemoveObject(bucket.Name, key);
                    deleted.Add(key);
                }
                catch (AwsServiceException e)
                {
                    errors.Add((key, e.Code, e.Message));
                }
            }
            return S3Xml.WriteAsync(context.Http, "DeleteResult", xml =>
            {
                if (!quiet)
                {
                    foreach (var key in deleted)
                    {
                        xml.WriteStartElement("Deleted", S3Service.Namespace);
                        xml.Element("Key", key);
                        xml.WriteEndElement();
                    }
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
        });
    }
}
