using System.Globalization;
using System.Text;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>One page of a listing: objects and rolled-up prefixes in key order.</summary>
    private sealed record ListingPage(List<S3Object> Contents, List<string> CommonPrefixes, bool IsTruncated, string? LastItem)
    {
        public int Count => Contents.Count + CommonPrefixes.Count;
    }

    /// <summary>
    /// Lists keys after <paramref name="marker"/> under <paramref name="prefix"/>, rolling keys that share a prefix up to
    /// <paramref name="delimiter"/> into one common prefix that counts as one entry against <paramref name="maxKeys"/>.
    /// </summary>
    private ListingPage List(string bucket, string prefix, string delimiter, string marker, int maxKeys)
    {
        var candidates = objects.Values
            .Where(o => o.Bucket == bucket && o.Key.StartsWith(prefix, StringComparison.Ordinal) && S3KeyOrder.Instance.Compare(o.Key, marker) > 0)
            .OrderBy(o => o.Key, S3KeyOrder.Instance);
        var contents = new List<S3Object>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        foreach (var obj in candidates)
        {
            string? common = null;
            if (delimiter.Length > 0)
            {
                var at = obj.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0) common = obj.Key[..(at + delimiter.Length)];
            }
            if (common is not null && (common == last || S3KeyOrder.Instance.Compare(common, marker) <= 0)) continue;
            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }
            if (common is not null) prefixes.Add(common);
            else contents.Add(obj);
            last = common ?? obj.Key;
        }
        return new ListingPage(contents, prefixes, truncated, last);
    }

    private static int ReadMaxKeys(string? text, string name = "max-keys")
    {
        if (string.IsNullOrEmpty(text)) return 1000;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new AwsServiceException("InvalidArgument", $"Provided {name} not an integer or within integer range")
                { Details = new Dictionary<string, string> { ["ArgumentName"] = name, ["ArgumentValue"] = text } };
        return Math.Min(value, 1000);
    }

    private static Dictionary<string, IReadOnlyList<string>> ListKeys(string? prefix, string? delimiter, string? maxKeys)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (prefix is not null) keys["s3:prefix"] = [prefix];
        if (delimiter is not null) keys["s3:delimiter"] = [delimiter];
        if (maxKeys is not null) keys["s3:max-keys"] = [maxKeys];
        return keys;
    }

    private static string? Query(AwsRequestContext context, string name) =>
        context.Http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static Func<string, string> Encoder(string? encodingType)
    {
        if (encodingType is null) return s => s;
        if (encodingType != "url")
            throw new AwsServiceException("InvalidArgument", "Invalid Encoding Method specified in Request")
                { Details = new Dictionary<string, string> { ["ArgumentName"] = "encoding-type", ["ArgumentValue"] = encodingType } };
        return s => Uri.EscapeDataString(s).Replace("%2F", "/", StringComparison.Ordinal);
    }

    /// <summary>What every listing reads first: prefix, delimiter and max-keys (authorized with them as s3 condition keys), and the encoding.</summary>
    private ListRequest ReadListRequest(AwsRequestContext context, string bucketName, string action)
    {
        var bucket = RequireBucket(bucketName);
        string? prefixText = Query(context, "prefix"), delimiterText = Query(context, "delimiter"), maxText = Query(context, "max-keys");
        Authorize(context, bucket, action, conditionKeys: ListKeys(prefixText, delimiterText, maxText));
        var encodingType = Query(context, "encoding-type");
        return new ListRequest(prefixText ?? "", delimiterText ?? "", delimiterText, ReadMaxKeys(maxText), encodingType, Encoder(encodingType));
    }

    private sealed record ListRequest(string Prefix, string Delimiter, string? DelimiterText, int MaxKeys, string? EncodingType, Func<string, string> Encode);

    private Task ListObjectsV2Async(AwsRequestContext context, string bucketName)
    {
        var (prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = ReadListRequest(context, bucketName, "s3:ListBucket");
        var token = Query(context, "continuation-token");
        var startAfter = Query(context, "start-after");
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
        var fetchOwner = string.Equals(Query(context, "fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);
        var page = List(bucketName, prefix, delimiter, marker, maxKeys);
        return S3Xml.WriteAsync(context.Http, "ListBucketResult", xml =>
        {
            xml.Element("Name", bucketName);
            xml.Element("Prefix", encode(prefix));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("KeyCount", page.Count.ToString(CultureInfo.InvariantCulture));
            xml.Element("IsTruncated", page.IsTruncated ? "true" : "false");
            if (token is not null) xml.Element("ContinuationToken", token);
            if (page.IsTruncated && page.LastItem is not null) xml.Element("NextContinuationToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(page.LastItem)));
            if (startAfter is not null) xml.Element("StartAfter", encode(startAfter));
            foreach (var obj in page.Contents) WriteContents(xml, obj, encode, fetchOwner);
            WriteCommonPrefixes(xml, page.CommonPrefixes, encode);
        });
    }

    private Task ListObjectsV1Async(AwsRequestContext context, string bucketName)
    {
        var (prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = ReadListRequest(context, bucketName, "s3:ListBucket");
        var marker = Query(context, "marker") ?? "";
        var page = List(bucketName, prefix, delimiter, marker, maxKeys);
        return S3Xml.WriteAsync(context.Http, "ListBucketResult", xml =>
        {
            xml.Element("Name", bucketName);
            xml.Element("Prefix", encode(prefix));
            xml.Element("Marker", encode(marker));
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("IsTruncated", page.IsTruncated ? "true" : "false");
            // S3 returns NextMarker only with a delimiter; without one, clients continue from the last key.
            if (page.IsTruncated && delimiter.Length > 0 && page.LastItem is not null) xml.Element("NextMarker", encode(page.LastItem));
            foreach (var obj in page.Contents) WriteContents(xml, obj, encode, fetchOwner: true);
            WriteCommonPrefixes(xml, page.CommonPrefixes, encode);
        });
    }

    private Task ListObjectVersionsAsync(AwsRequestContext context, string bucketName)
    {
        var (prefix, delimiter, delimiterText, maxKeys, encodingType, encode) = ReadListRequest(context, bucketName, "s3:ListBucketVersions");
        var marker = Query(context, "key-marker") ?? "";
        var page = List(bucketName, prefix, delimiter, marker, maxKeys);
        // Versions are not kept: every object is its own latest (and only) version, with the "null" version id.
        return S3Xml.WriteAsync(context.Http, "ListVersionsResult", xml =>
        {
            xml.Element("Name", bucketName);
            xml.Element("Prefix", encode(prefix));
            xml.Element("KeyMarker", encode(marker));
            xml.Element("VersionIdMarker", Query(context, "version-id-marker") ?? "");
            xml.Element("MaxKeys", maxKeys.ToString(CultureInfo.InvariantCulture));
            if (delimiterText is not null) xml.Element("Delimiter", encode(delimiter));
            if (encodingType is not null) xml.Element("EncodingType", encodingType);
            xml.Element("IsTruncated", page.IsTruncated ? "true" : "false");
            if (page.IsTruncated && page.LastItem is not null)
            {
                xml.Element("NextKeyMarker", encode(page.LastItem));
                xml.Element("NextVersionIdMarker", "null");
            }
            foreach (var obj in page.Contents)
            {
                xml.WriteStartElement("Version", Namespace);
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

    private static void WriteContents(XmlWriter xml, S3Object obj, Func<string, string> encode, bool fetchOwner)
    {
        xml.WriteStartElement("Contents", Namespace);
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
            xml.WriteStartElement("CommonPrefixes", Namespace);
            xml.Element("Prefix", encode(prefix));
            xml.WriteEndElement();
        }
    }
}
