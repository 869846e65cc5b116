using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// S3's durable state: the bucket, object, upload and part tables, the blob store that holds bodies, and the lookups
/// and writes the operation groups share (a replaced or removed row's body is deleted with it).
/// </summary>
internal sealed class S3Store(StateStore store, BlobStore blobs)
{
    public Table<S3Bucket> Buckets { get; } = store.Table<S3Bucket>("s3.buckets");

    public Table<S3Object> Objects { get; } = store.Table<S3Object>("s3.objects");

    public Table<S3Upload> Uploads { get; } = store.Table<S3Upload>("s3.uploads");

    public Table<S3Part> Parts { get; } = store.Table<S3Part>("s3.parts");

    /// <summary>Object and part bodies.</summary>
    public BlobStore Blobs { get; } = blobs;

    /// <summary>An object's row: <c>bucket/key</c>.</summary>
    public static string ObjectRow(string bucket, string key) => bucket + "/" + key;

    /// <summary>A part's row: the upload id and the zero-padded part number, so a prefix scan finds an upload's parts.</summary>
    public static string PartRow(string uploadId, int number) => $"{uploadId}/{number:D5}";

    public S3Bucket RequireBucket(string name) => Buckets.Find(name) ?? throw S3Errors.NoSuchBucket(name);

    /// <summary>The bucket the request addresses; NoSuchBucket when there is none.</summary>
    public S3Bucket RequestedBucket(AwsRequestContext context) => RequireBucket(S3Target.Of(context).BucketName);

    /// <summary>Changes one bucket record (a bucket deleted in the meantime stays deleted).</summary>
    public void UpdateBucket(string name, Func<S3Bucket, S3Bucket> change) =>
        Buckets.Update(name, current => current is null ? null : change(current));

    public S3Object? FindObject(string bucket, string key) => Objects.Find(ObjectRow(bucket, key));

    public S3Object RequireObject(string bucket, string key) => FindObject(bucket, key) ?? throw S3Errors.NoSuchKey(bucket, key);

    /// <summary>Changes one existing object; NoSuchKey when it is gone.</summary>
    public void UpdateObject(string bucket, string key, Func<S3Object, S3Object> change) =>
        Objects.Update(ObjectRow(bucket, key), current => current is null ? throw S3Errors.NoSuchKey(bucket, key) : change(current));

    /// <summary>
    /// Opens <paramref name="found"/>'s body. A concurrent overwrite or delete may have removed that body since the
    /// object was looked up: then the object is looked up again and its newer version read, as S3 answers a read that
    /// races a write with either version, never an error. Null when the object is gone.
    /// </summary>
    public (S3Object Object, Stream Body)? OpenCurrent(S3Object found)
    {
        var obj = found;
        for (var attempt = 0; attempt < 16 && obj is not null; attempt++)
        {
            try
            {
                return (obj, Blobs.OpenRead(obj.BlobId));
            }
            catch (FileNotFoundException)
            {
                obj = FindObject(found.Bucket, found.Key);
            }
        }

        return null;
    }

    /// <summary>Reads <paramref name="found"/>'s whole body, as <see cref="OpenCurrent"/> opens it; null when the object is gone.</summary>
    public async Task<(S3Object Object, byte[] Data)?> ReadCurrentAsync(S3Object found, CancellationToken cancellationToken)
    {
        if (OpenCurrent(found) is not var (obj, body)) return null;
        await using (body)
        {
            using var copy = new MemoryStream((int)Math.Min(obj.Size, int.MaxValue));
            await body.CopyToAsync(copy, cancellationToken);
            return (obj, copy.ToArray());
        }
    }

    /// <summary>Stores <paramref name="obj"/> and removes the body it replaced.</summary>
    public void StoreObject(S3Object obj)
    {
        S3Object? previous = null;
        Objects.Update(ObjectRow(obj.Bucket, obj.Key), current =>
        {
            previous = current;
            return obj;
        });
        if (previous is not null && previous.BlobId != obj.BlobId) Blobs.Delete(previous.BlobId);
    }

    /// <summary>Removes an object and its body; false when there was none.</summary>
    public bool RemoveObject(string bucket, string key)
    {
        S3Object? previous = null;
        Objects.Update(ObjectRow(bucket, key), current =>
        {
            previous = current;
            return null;
        });
        if (previous is null) return false;
        Blobs.Delete(previous.BlobId);
        return true;
    }

    /// <summary>The upload the request's <c>uploadId</c> names, if it is one for this bucket and key; NoSuchUpload otherwise.</summary>
    public S3Upload RequireUpload(AwsRequestContext context, string bucket, string key)
    {
        var id = context.Http.Request.Query["uploadId"].ToString();
        var upload = Uploads.Find(id);
        return upload is null || upload.Bucket != bucket || upload.Key != key ? throw S3Errors.NoSuchUpload(id) : upload;
    }

    /// <summary>An upload's parts in part-number order.</summary>
    public List<S3Part> PartsOf(string uploadId)
    {
        var prefix = uploadId + "/";
        return Parts.Items.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value).OrderBy(p => p.PartNumber).ToList();
    }

    /// <summary>Stores one part's body and row, replacing (and deleting the body of) a part uploaded before under the same number.</summary>
    public async Task<S3Part> StorePartAsync(S3Upload upload, int number, byte[] data, string? checksum, TimeProvider time, CancellationToken cancellationToken)
    {
        var blobId = await Blobs.WriteAsync(data, cancellationToken);
        var part = new S3Part
        {
            UploadId = upload.UploadId,
            PartNumber = number,
            BlobId = blobId,
            ETag = $"\"{Convert.ToHexStringLower(S3Checksums.Md5(data))}\"",
            Size = data.LongLength,
            LastModified = time.GetUtcNow(),
            Checksum = checksum,
        };
        S3Part? previous = null;
        Parts.Update(PartRow(upload.UploadId, number), current =>
        {
            previous = current;
            return part;
        });
        if (previous is not null) Blobs.Delete(previous.BlobId);
        return part;
    }

    /// <summary>Removes an upload with its parts and their bodies.</summary>
    public void DiscardUpload(S3Upload upload)
    {
        foreach (var part in PartsOf(upload.UploadId))
        {
            Parts.Remove(PartRow(upload.UploadId, part.PartNumber));
            Blobs.Delete(part.BlobId);
        }
        Uploads.Remove(upload.UploadId);
    }
}
