using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Listing multipart uploads in progress (ListMultipartUploads) and the parts of one (ListParts).</summary>
internal sealed class UploadListingOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("ListParts", "s3:ListMultipartUploadParts", ListParts)
        .Add("ListMultipartUploads", "s3:ListBucketMultipartUploads", ListMultipartUploads);

    private OperationCall ListParts(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        return OperationCall.On(S3Subject.OnObject(bucket, key), () =>
        {
            var upload = store.RequireUpload(context, bucket.Name, key);
            var maxParts = S3Query.PageSize(S3Query.Value(context, "max-parts"), "max-parts");
            var markerText = S3Query.Value(context, "part-number-marker");
            var marker = int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
            var all = store.PartsOf(upload.UploadId).Where(p => p.PartNumber > marker).ToList();
            var page = all.Take(maxParts).ToList();
            return S3Xml.WriteAsync(context.Http, "ListPartsResult", xml =>
            {
                xml.Element("Bucket", bucket.Name);
                xml.Element("Key", key);
                xml.Element("UploadId", upload.UploadId);
                xml.Element("PartNumberMarker", marker.ToString(CultureInfo.InvariantCulture));
                if (page.Count > 0) xml.Element("NextPartNumberMarker", page[^1].PartNumber.ToString(CultureInfo.InvariantCulture));
                xml.Element("MaxParts", maxParts.ToString(CultureInfo.InvariantCulture));
                xml.Element("IsTruncated", XmlValues.Bool(all.Count > page.Count));
                foreach (var part in page)
                {
                    xml.WriteStartElement("Part", S3Service.Namespace);
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
        });
    }

    private OperationCall ListMultipartUploads(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var prefix = S3Query.Value(context, "prefix") ?? "";
            var delimiter = S3Query.Value(context, "delimiter") ?? "";
            var keyMarker = S3Query.Value(context, "key-marker") ?? "";
            var uploadIdMarker = S3Query.Value(context, "upload-id-marker") ?? "";
            var maxUploads = S3Query.PageSize(S3Query.Value(context, "max-uploads"), "max-uploads");
            var candidates = store.Uploads.Values
                .Where(u => u.Bucket == bucket.Name && u.Key.StartsWith(prefix, StringComparison.Ordinal))
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
                if (page.Count + prefixes.Count >= maxUploads)
                {
                    truncated = true;
                    break;
                }
                if (common is not null) prefixes.Add(common);
                else page.Add(upload);
            }
            return S3Xml.WriteAsync(context.Http, "ListMultipartUploadsResult", xml =>
            {
                xml.Element("Bucket", bucket.Name);
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
                xml.Element("IsTruncated", XmlValues.Bool(truncated));
                foreach (var upload in page)
                {
                    xml.WriteStartElement("Upload", S3Service.Namespace);
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
                    xml.WriteStartElement("CommonPrefixes", S3Service.Namespace);
                    xml.Element("Prefix", common);
                    xml.WriteEndElement();
                }
            });
        });
    }

    private static void WriteInitiator(XmlWriter xml, S3Upload upload)
    {
        xml.WriteStartElement("Initiator", S3Service.Namespace);
        xml.Element("ID", upload.InitiatorArn);
        xml.Element("DisplayName", upload.InitiatorId);
        xml.WriteEndElement();
        xml.Owner("Owner", upload.OwnerAccount);
    }
}
