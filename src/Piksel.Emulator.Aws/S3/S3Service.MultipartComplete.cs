using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    private async Task CompleteMultipartUploadAsync(AwsRequestContext context, string bucketName, string key, CancellationToken cancellationToken)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:PutObject", key);
        var upload = RequireUpload(context, bucketName, key);
        var document = S3Xml.Parse(context.Body, "CompleteMultipartUpload");
        var requested = document.Children("Part").Select(p => (
            Number: int.TryParse(p.ChildValue("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw S3Xml.MalformedXml(),
            ETag: p.ChildValue("ETag") ?? throw S3Xml.MalformedXml(),
            Element: p)).ToList();
        if (requested.Count == 0) throw S3Xml.MalformedXml();
        for (var i = 1; i < requested.Count; i++)
            if (requested[i].Number <= requested[i - 1].Number)
                throw new AwsServiceException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
                    { Details = new Dictionary<string, string> { ["UploadId"] = upload.UploadId } };

        var uploaded = PartsOf(upload.UploadId).ToDictionary(p => p.PartNumber);
        var chosen = new List<S3Part>(requested.Count);
        foreach (var (number, etag, element) in requested)
        {
            if (!uploaded.TryGetValue(number, out var part) || part.ETag.Trim('"') != etag.Trim().Trim('"'))
                throw InvalidPart(upload.UploadId, number, etag);
            if (upload.ChecksumAlgorithm is { } algorithm && element.ChildValue("Checksum" + algorithm) is { } claimed && claimed != part.Checksum)
                throw InvalidPart(upload.UploadId, number, etag);
            chosen.Add(part);
        }
        for (var i = 0; i < chosen.Count - 1; i++)
            if (chosen[i].Size < MinPartSize)
                throw new AwsServiceException("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
                {
                    Details = new Dictionary<string, string>
                    {
                        ["ProposedSize"] = chosen[i].Size.ToString(CultureInfo.InvariantCulture),
                        ["MinSizeAllowed"] = MinPartSize.ToString(CultureInfo.InvariantCulture),
                        ["PartNumber"] = chosen[i].PartNumber.ToString(CultureInfo.InvariantCulture),
                        ["ETag"] = chosen[i].ETag,
                    },
                };
        CheckWritePreconditions(context.Http.Request, objects.Find(ObjectKey(bucketName, key)), bucketName, key);

        using var whole = new MemoryStream();
        using var md5s = new MemoryStream();
        using var checksumsOfParts = new MemoryStream();
        foreach (var part in chosen)
        {
            var data = await state.Blobs.ReadAsync(part.BlobId, cancellationToken);
            whole.Write(data);
            md5s.Write(Convert.FromHexString(part.ETag.Trim('"')));
            if (part.Checksum is not null) checksumsOfParts.Write(Convert.FromBase64String(part.Checksum));
        }
        var body = whole.ToArray();
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        if (upload.ChecksumAlgorithm is { } algo)
            checksums[algo] = upload.ChecksumType == "FULL_OBJECT"
                ? S3Checksums.ComputeBase64(algo, body)
                // A composite checksum is the checksum of the parts' checksums, suffixed with the part count.
                : $"{S3Checksums.ComputeBase64(algo, checksumsOfParts.ToArray())}-{chosen.Count}";

        var blobId = await state.Blobs.WriteAsync(body, cancellationToken);
        var obj = new S3Object
        {
            Bucket = bucketName,
            Key = key,
            BlobId = blobId,
            Size = body.LongLength,
            ETag = $"\"{Convert.ToHexStringLower(S3Checksums.Md5(md5s.ToArray()))}-{chosen.Count}\"",
            LastModified = context.Time.GetUtcNow(),
            ContentType = upload.ContentType,
            Metadata = upload.Metadata,
            Headers = upload.Headers,
            Tags = upload.Tags,
            Checksums = checksums,
            ChecksumType = checksums.Count > 0 ? upload.ChecksumType : null,
            Encryption = upload.Encryption,
            StorageClass = upload.StorageClass,
            Acl = upload.Acl,
            OwnerAccount = bucket.OwnerAccount,
            PartsCount = chosen.Count,
        };
        StoreObject(obj);
        DiscardUpload(upload);
        WriteEncryptionHeaders(context.Http.Response, obj.Encryption);
        var request = context.Http.Request;
        await S3Xml.WriteAsync(context.Http, "CompleteMultipartUploadResult", xml =>
        {
            xml.Element("Location", $"{request.Scheme}://{request.Host}/{bucketName}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}");
            xml.Element("Bucket", bucketName);
            xml.Element("Key", key);
            xml.Element("ETag", obj.ETag);
            foreach (var (name, value) in obj.Checksums) xml.Element("Checksum" + name, value);
            if (obj.ChecksumType is not null) xml.Element("ChecksumType", obj.ChecksumType);
        });
    }

    private static AwsServiceException InvalidPart(string uploadId, int number, string etag) =>
        new("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
        {
            Details = new Dictionary<string, string> { ["UploadId"] = uploadId, ["PartNumber"] = number.ToString(CultureInfo.InvariantCulture), ["ETag"] = etag },
        };

    private Task ListPartsAsync(AwsRequestContext context, string bucketName, string key)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:ListMultipartUploadParts", key);
        var upload = RequireUpload(context, bucketName, key);
        var maxParts = ReadMaxKeys(Query(context, "max-parts"), "max-parts");
        var markerText = Query(context, "part-number-marker");
        var marker = int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var all = PartsOf(upload.UploadId).Where(p => p.PartNumber > marker).ToList();
        var page = all.Take(maxParts).ToList();
        return S3Xml.WriteAsync(context.Http, "ListPartsResult", xml =>
        {
            xml.Element("Bucket", bucketName);
            xml.Element("Key", key);
            xml.Element("UploadId", upload.UploadId);
            xml.Element("PartNumberMarker", marker.ToString(CultureInfo.InvariantCulture));
            if (page.Count > 0) xml.Element("NextPartNumberMarker", page[^1].PartNumber.ToString(CultureInfo.InvariantCulture));
            xml.Element("MaxParts", maxParts.ToString(CultureInfo.InvariantCulture));
            xml.Element("IsTruncated", all.Count > page.Count ? "true" : "false");
            foreach (var part in page)
            {
                xml.WriteStartElement("Part", Namespace);
                xml.Element("PartNumber", part.PartNumber.ToString(CultureInfo.InvariantCulture));
                xml.Element("LastModified", XmlValues.Timestamp(part.LastModified));
                xml.Element("ETag", part.ETag);
                xml.Element("Size", part.Size.ToString(CultureInfo.InvariantCulture));
                if (part.Checksum is not null && upload.ChecksumAlgorithm is not null) xml.Element("Checksum" + upload.ChecksumAlgorithm, part.Checksum);
                xml.WriteEndElement();
            }
            WriteInitiator(xml, upload);
            xml.Element("StorageClass", upload.StorageClass);
            if (upload.ChecksumAlgorithm is not null)
            {
                xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm);
                xml.Element("ChecksumType", upload.ChecksumType);
            }
        });
    }

    private static void WriteInitiator(System.Xml.XmlWriter xml, S3Upload upload)
    {
        xml.WriteStartElement("Initiator", Namespace);
        xml.Element("ID", upload.InitiatorArn);
        xml.Element("DisplayName", upload.InitiatorId);
        xml.WriteEndElement();
        xml.Owner("Owner", upload.OwnerAccount);
    }

    private Task ListMultipartUploadsAsync(AwsRequestContext context, string bucketName)
    {
        var bucket = RequireBucket(bucketName);
        Authorize(context, bucket, "s3:ListBucketMultipartUploads");
        var prefix = Query(context, "prefix") ?? "";
        var delimiter = Query(context, "delimiter") ?? "";
        var keyMarker = Query(context, "key-marker") ?? "";
        var uploadIdMarker = Query(context, "upload-id-marker") ?? "";
        var maxUploads = ReadMaxKeys(Query(context, "max-uploads"), "max-uploads");
        var candidates = uploads.Values
            .Where(u => u.Bucket == bucketName && u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(u => u.Key, S3KeyOrder.Instance).ThenBy(u => u.Initiated).ThenBy(u => u.UploadId, StringComparer.Ordinal)
            .Where(u => S3KeyOrder.Instance.Compare(u.Key, keyMarker) > 0
                || (uploadIdMarker.Length > 0 && u.Key == keyMarker && string.CompareOrdinal(u.UploadId, uploadIdMarker) > 0))
            .ToList();
        var page = new List<S3Upload>();
        var prefixes = new List<string>();
        var truncated = false;
        foreach (var upload in candidates)
        {
            var at = delimiter.Length > 0 ? upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) : -1;
            var common = at >= 0 ? upload.Key[..(at + delimiter.Length)] : null;
            if (common is not null && prefixes.Contains(common)) continue;
            if (page.Count + prefixes.Count >= maxUploads) { truncated = true; break; }
            if (common is not null) prefixes.Add(common); else page.Add(upload);
        }
        return S3Xml.WriteAsync(context.Http, "ListMultipartUploadsResult", xml =>
        {
            xml.Element("Bucket", bucketName);
            xml.Element("KeyMarker", keyMarker);
            xml.Element("UploadIdMarker", uploadIdMarker);
            if (truncated && page.Count > 0)
            {
                xml.Element("NextKeyMarker", page[^1].Key);
                xml.Element("NextUploadIdMarker", page[^1].UploadId);
            }
            if (prefix.Length > 0) xml.Element("Prefix", prefix);
            if (delimiter.Length > 0) xml.Element("Delimiter", delimiter);
            xml.Element("MaxUploads", maxUploads.ToString(CultureInfo.InvariantCulture));
            xml.Element("IsTruncated", truncated ? "true" : "false");
            foreach (var upload in page)
            {
                xml.WriteStartElement("Upload", Namespace);
                xml.Element("Key", upload.Key);
                xml.Element("UploadId", upload.UploadId);
                WriteInitiator(xml, upload);
                xml.Element("StorageClass", upload.StorageClass);
                xml.Element("Initiated", XmlValues.Timestamp(upload.Initiated));
                if (upload.ChecksumAlgorithm is not null) xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm);
                xml.WriteEndElement();
            }
            foreach (var common in prefixes)
            {
                xml.WriteStartElement("CommonPrefixes", Namespace);
                xml.Element("Prefix", common);
                xml.WriteEndElement();
            }
        });
    }
}
