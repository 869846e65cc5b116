using System.Globalization;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Completing a multipart upload: the parts the CompleteMultipartUpload document chooses (ascending, each matching an
/// uploaded part's ETag and checksum, all but the last at least 5 MiB), and the object they make together.
/// </summary>
internal static class S3PartList
{
    private const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>The uploaded parts the request document names, in its order; MalformedXML, InvalidPartOrder, InvalidPart or EntityTooSmall otherwise.</summary>
    public static List<S3Part> Choose(ReadOnlyMemory<byte> body, S3Upload upload, List<S3Part> uploadedParts)
    {
        var document = S3Xml.Parse(body, "CompleteMultipartUpload");
        var requested = document.Children("Part").Select(p => (
            Number: int.TryParse(p.ChildValue("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw S3Xml.MalformedXml(),
            ETag: p.ChildValue("ETag") ?? throw S3Xml.MalformedXml(),
            Element: p)).ToList();
        if (requested.Count == 0) throw S3Xml.MalformedXml();
        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
            {
                throw new AwsServiceException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
                { Details = new Dictionary<string, string> { ["UploadId"] = upload.UploadId } };
            }
        }

        var uploaded = uploadedParts.ToDictionary(p => p.PartNumber);
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
        {
            if (chosen[i].Size < MinPartSize)
            {
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
            }
        }

        return chosen;
    }

    /// <summary>
    /// Joins <paramref name="chosen"/> into one stored body and the object that describes it: the ETag is the MD5 of the
    /// parts' MD5s with a <c>-n</c> suffix; the checksum is the whole body's (FULL_OBJECT) or the parts' (COMPOSITE).
    /// </summary>
    public static async Task<S3Object> JoinAsync(S3Store store, S3Upload upload, List<S3Part> chosen, string ownerAccount, TimeProvider time, CancellationToken cancellationToken)
    {
        using var whole = new MemoryStream();
        using var md5s = new MemoryStream();
        using var checksumsOfParts = new MemoryStream();
        foreach (var part in chosen)
        {
            byte[] data;
            // A part uploaded again while the upload completes has a new body: the one chosen is no longer there.
            try { data = await store.Blobs.ReadAsync(part.BlobId, cancellationToken); }
            catch (FileNotFoundException) { throw InvalidPart(upload.UploadId, part.PartNumber, part.ETag); }
            whole.Write(data);
            md5s.Write(Convert.FromHexString(part.ETag.Trim('"')));
            if (part.Checksum is not null) checksumsOfParts.Write(Convert.FromBase64String(part.Checksum));
        }
        var body = whole.ToArray();
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        if (upload.ChecksumAlgorithm is { } algo)
        {
            checksums[algo] = upload.ChecksumType == "FULL_OBJECT"
                ? S3Checksums.ComputeBase64(algo, body)
                // A composite checksum is the checksum of the parts' checksums, suffixed with the part count.
                : $"{S3Checksums.ComputeBase64(algo, checksumsOfParts.ToArray())}-{chosen.Count}";
        }

        var blobId = await store.Blobs.WriteAsync(body, cancellationToken);
        return new S3Object
        {
            Bucket = upload.Bucket,
            Key = upload.Key,
            BlobId = blobId,
            Size = body.LongLength,
            ETag = $"\"{Convert.ToHexStringLower(S3Checksums.Md5(md5s.ToArray()))}-{chosen.Count}\"",
            LastModified = time.GetUtcNow(),
            ContentType = upload.ContentType,
            Metadata = upload.Metadata,
            Headers = upload.Headers,
            Tags = upload.Tags,
            Checksums = checksums,
            ChecksumType = checksums.Count > 0 ? upload.ChecksumType : null,
            Encryption = upload.Encryption,
            StorageClass = upload.StorageClass,
            Acl = upload.Acl,
            OwnerAccount = ownerAccount,
            PartsCount = chosen.Count,
        };
    }

    private static AwsServiceException InvalidPart(string uploadId, int number, string etag) =>
        new("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
        {
            Details = new Dictionary<string, string> { ["UploadId"] = uploadId, ["PartNumber"] = number.ToString(CultureInfo.InvariantCulture), ["ETag"] = etag },
        };
}
