using System.Globalization;
using System.Text;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Listing a bucket's objects (ListObjects, ListObjectsV2) and versions (ListObjectVersions) in S3's key order, with
/// prefixes, delimiters rolled up into common prefixes, pages and URL encoding. Listings are authorized with
/// s3:prefix, s3:delimiter and s3:max-keys as condition keys.
/// </summary>
internal sealed class ListingOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("ListObjects", "s3:ListBucket", c => Listing(c, ListObjects))
        .Add("ListObjectsV2", "s3:ListBucket", c => Listing(c, ListObjectsV2))
        .Add("ListObjectVersions", "s3:ListBucketVersions", c => Listing(c, ListObjectVersions));

    /// <summary>What every listing reads: prefix, delimiter and max-keys (authorized as condition keys), then the page size and encoding.</summary>
    private sealed record ListRequest(S3Bucket Bucket, string Prefix, string Delimiter, string? DelimiterText, int MaxKeys, string? EncodingType, Func<string, string> Encode);

    private OperationCall Listing(AwsRequestContext context, Func<AwsRequestContext, ListRequest, Task> run)
    {
        var bucket = store.RequestedBucket(context);
        string? prefix = S3Query.Value(context, "prefix"), delimiter = S3Query.Value(context, "delimiter"), maxKeys = S3Query.Value(context, "max-keys");
        return OperationCall.On(S3Subject.OnBucket(bucket, S3ConditionKeys.List(prefix, delimiter, maxKeys)), () =>
        {
            var encodingType = S3Query.Value(context, "encoding-type");
            var request = new ListRequest(bucket, prefix ?? "", delimiter ?? "", delimiter, S3Query.PageSize(maxKeys), encodingType, Encoder(encodingType));
            return run(context, request);
        });
    }

    private Task ListObjectsV2(AwsRequestContext context, ListRequest list)
    {
        var (bucket, prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = list;
        var token = S3Query.Value(context, "continuation-token");
        var startAfter = S3Query.Value(context, "start-after");
        var marker = startAfter ?? "";
        if (token is not null)
        {
            try { marker = Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
            catch (FormatException)
            {
                throw new AwsServiceException("InvalidArgument", "The continuation token provided is incorrect")
                { Details = new Dictionary<string, string> { ["ArgumentName"] = "continuation-token" } };
            }
        }
        var fetchOwner = string.Equals(S3Query.Value(context, "fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);
        var page = S3Listing.Page(store, bucket.Name, prefix, delimiter, marker, maxKeys);
        return S3Xml.WriteAsync(context.Http, "ListBucketResult", xml =>
        {
            xml.Element("Name", bucket.Name);
            xml.Element("Prefix", encode(prefix));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("KeyCount", page.Count.ToString(CultureInfo.InvariantCulture));
            xml.Element("IsTruncated", XmlValues.Bool(page.IsTruncated));
            if (token is not null) xml.Element("ContinuationToken", token);
            if (page.IsTruncated && page.LastItem is not null) xml.Element("NextContinuationToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(page.LastItem)));
            if (startAfter is not null) xml.Element("StartAfter", encode(startAfter));
            foreach (var obj in page.Contents) WriteContents(xml, obj, encode, fetchOwner);
            WriteCommonPrefixes(xml, page.CommonPrefixes, encode);
        });
    }

    private Task ListObjects(AwsRequestContext context, ListRequest list)
    {
        var (bucket, prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = list;
        var marker = S3Query.Value(context, "marker") ?? "";
        var page = S3Listing.Page(store, bucket.Name, prefix, delimiter, marker, maxKeys);
        return S3Xml.WriteAsync(context.Http, "ListBucketResult", xml =>
        {
            xml.Element("Name", bucket.Name);
            xml.Element("Prefix", encode(prefix));
            xml.Element("Marker", encode(marker));
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("IsTruncated", XmlValues.Bool(page.IsTruncated));
            // S3 returns NextMarker only with a delimiter; without one, clients continue from the last key.
            if (page.IsTruncated && delimiter.Length > 0 && page.LastItem is not null) xml.Element("NextMarker", encode(page.LastItem));
            foreach (var obj in page.Contents) WriteContents(xml, obj, encode, fetchOwner: true);
            WriteCommonPrefixes(xml, page.CommonPrefixes, encode);
        });
    }

    private Task ListObjectVersions(AwsRequestContext context, ListRequest list)
    {
        var (bucket, prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = list;
        var marker = S3Query.Value(context, "key-marker") ?? "";
        var page = S3Listing.Page(store, bucket.Name, prefix, delimiter, marker, maxKeys);
        // Versions are not kept: every object is its own latest (and only) version, with the "null" version id.
        return S3Xml.WriteAsync(context.Http, "ListVersionsResult", xml =>
        {
            xml.Element("Name", bucket.Name);
            xml.Element("Prefix", encode(prefix));
            xml.Element("KeyMarker", encode(marker));
            xml.Element("VersionIdMarker", S3Query.Value(context, "version-id-marker") ?? "");
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("IsTruncated", XmlValues.Bool(page.IsTruncated));
            if (page.IsTruncated && page.LastItem is not null)
            {
                xml.Element("NextKeyMarker", encode(page.LastItem));
                xml.Element("NextVersionIdMarker", "null");
            }
            foreach (var obj in page.Contents)
            {
                xml.WriteStartElement("Version", S3Service.Namespace);
                xml.Element("Key", encode(obj.Key));
                xml.Element("VersionId", "null");
                xml.Element("IsLatest", "true");
                xml.Element("LastModified", XmlValues.Timestamp(obj.LastModified));
                xml.Element("ETag", obj.ETag);
                xml.Element("Size", obj.Size.ToString(CultureInfo.InvariantCulture));
                xml.Element("StorageClass", obj.StorageClass);
                xml.Owner("Owner", obj.OwnerAccount);
                xml.WriteEndElement();
            }
            WriteCommonPrefixes(xml, page.CommonPrefixes, encode);
        });
    }

    private static Func<string, string> Encoder(string? encodingType)
    {
        if (encodingType is null) return s => s;
        if (encodingType != "url") throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        return s => Uri.EscapeDataString(s).Replace("%2F", "/", StringComparison.Ordinal);
    }

    private static void WriteContents(XmlWriter xml, S3Object obj, Func<string, string> encode, bool fetchOwner)
    {
        xml.WriteStartElement("Contents", S3Service.Namespace);
        xml.Element("Key", encode(obj.Key));
        xml.Element("LastModified", XmlValues.Timestamp(obj.LastModified));
        xml.Element("ETag", obj.ETag);
        foreach (var algorithm in obj.Checksums.Keys) xml.Element("ChecksumAlgorithm", algorithm);
        if (obj.ChecksumType is not null) xml.Element("ChecksumType", obj.ChecksumType);
        xml.Element("Size", obj.Size.ToString(CultureInfo.InvariantCulture));
        xml.Element("StorageClass", obj.StorageClass);
        if (fetchOwner) xml.Owner("Owner", obj.OwnerAccount);
        xml.WriteEndElement();
    }

    private static void WriteCommonPrefixes(XmlWriter xml, List<string> prefixes, Func<string, string> encode)
    {
        foreach (var prefix in prefixes)
        {
            xml.WriteStartElement("CommonPrefixes", S3Service.Namespace);
            xml.Element("Prefix", encode(prefix));
            xml.WriteEndElement();
        }
    }
}
