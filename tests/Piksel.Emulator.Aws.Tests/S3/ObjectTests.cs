using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class ObjectTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_upload_with_default_settings_is_aws_chunked_with_a_CRC32_trailer_and_round_trips()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-chunked");
        var body = RandomNumberGenerator.GetBytes(200_000);
        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "data/blob.bin",
            InputStream = new MemoryStream(body),
            ContentType = "application/x-test",
            Metadata = { ["color"] = "blue" },
        }, Ct);
        Assert.Equal($"\"{Convert.ToHexStringLower(S3TestKit.Md5(body))}\"", put.ETag);
        Assert.False(string.IsNullOrEmpty(put.ChecksumCRC32));
        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);

        using var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "data/blob.bin", ChecksumMode = ChecksumMode.ENABLED }, Ct);
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy, Ct);
        Assert.Equal(body, copy.ToArray());
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["color"]);
        Assert.Equal(put.ChecksumCRC32, get.ChecksumCRC32);
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
    }

    [Fact]
    public async Task SHA256_checksum_is_validated_and_returned()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-sha256");
        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            InputStream = new MemoryStream(Encoding.UTF8.GetBytes("123456789")),
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        }, Ct);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData("123456789"u8)), put.ChecksumSHA256);
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", ChecksumMode = ChecksumMode.ENABLED }, Ct);
        Assert.Equal(put.ChecksumSHA256, head.ChecksumSHA256);
        Assert.Equal(9, head.ContentLength);
    }

    [Fact]
    public async Task Wrong_checksum_header_is_BadDigest()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-baddigest");
        var error = await S3TestKit.FailsWith("BadDigest", () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "hello",
            ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData("other"u8)),
        }, Ct));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        await S3TestKit.FailsWith("NoSuchKey", () => s3.GetObjectAsync(bucket, "k", Ct));
    }

    [Fact]
    public async Task Wrong_Content_MD5_is_BadDigest()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-md5");
        await S3TestKit.FailsWith("BadDigest", () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "hello",
            MD5Digest = Convert.ToBase64String(S3TestKit.Md5("other"u8)),
        }, Ct));
    }

    [Fact]
    public async Task Ranges_answer_206_with_Content_Range_and_unsatisfiable_is_InvalidRange()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-range");
        await s3.PutTextAsync(bucket, "r", "0123456789");
        async Task<(string Body, string? Range, HttpStatusCode Status)> Get(ByteRange range)
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = range }, Ct);
            using var reader = new StreamReader(response.ResponseStream);
            return (await reader.ReadToEndAsync(Ct), response.ContentRange, response.HttpStatusCode);
        }
        Assert.Equal(("234", "bytes 2-4/10", HttpStatusCode.PartialContent), await Get(new ByteRange(2, 4)));
        Assert.Equal(("789", "bytes 7-9/10", HttpStatusCode.PartialContent), await Get(new ByteRange("bytes=7-")));
        Assert.Equal(("6789", "bytes 6-9/10", HttpStatusCode.PartialContent), await Get(new ByteRange("bytes=-4")));
        var error = await S3TestKit.FailsWith("InvalidRange", () => Get(new ByteRange(20, 30)));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
    }

    [Fact]
    public async Task Conditional_gets_answer_304_and_412()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-cond");
        await s3.PutTextAsync(bucket, "c", "conditional");
        var head = await s3.GetObjectMetadataAsync(bucket, "c", Ct);

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToNotMatch = head.ETag }, Ct));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var failed = await S3TestKit.FailsWith("PreconditionFailed", () => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = "\"0000\"" }, Ct));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        using var matched = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = head.ETag }, Ct);
        Assert.Equal(HttpStatusCode.OK, matched.HttpStatusCode);
        var since = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "c",
            ModifiedSinceDate = DateTime.UtcNow.AddMinutes(1),
        }, Ct));
        Assert.Equal(HttpStatusCode.NotModified, since.StatusCode);
    }

    [Fact]
    public async Task Conditional_put_with_If_None_Match_refuses_to_overwrite()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-ifnone");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "once", ContentBody = "1", IfNoneMatch = "*" }, Ct);
        await S3TestKit.FailsWith("PreconditionFailed", () => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "once", ContentBody = "2", IfNoneMatch = "*" }, Ct));
        Assert.Equal("1", await s3.GetTextAsync(bucket, "once"));
    }

    [Fact]
    public async Task Missing_key_is_NoSuchKey_and_HEAD_is_404_and_delete_is_idempotent()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-missing");
        var error = await S3TestKit.FailsWith("NoSuchKey", () => s3.GetObjectAsync(bucket, "absent", Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        var head = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "absent", Ct));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var delete = await s3.DeleteObjectAsync(bucket, "absent", Ct);
        Assert.Equal(HttpStatusCode.NoContent, delete.HttpStatusCode);

        await s3.PutTextAsync(bucket, "present", "x");
        await s3.DeleteObjectAsync(bucket, "present", Ct);
        await S3TestKit.FailsWith("NoSuchKey", () => s3.GetObjectAsync(bucket, "present", Ct));
    }

    [Fact]
    public async Task Missing_bucket_is_NoSuchBucket()
    {
        using var s3 = fixture.S3();
        var error = await S3TestKit.FailsWith("NoSuchBucket", () => s3.PutObjectAsync(new PutObjectRequest { BucketName = S3TestKit.BucketName("nobucket"), Key = "k", ContentBody = "x" }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteObjects_deletes_many_and_reports_them_unless_quiet()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-multidelete");
        foreach (var key in new[] { "a", "b", "c" }) await s3.PutTextAsync(bucket, key, key);
        var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b" }, new KeyVersion { Key = "never" }],
        }, Ct);
        Assert.Equal(["a", "b", "never"], response.DeletedObjects.Select(d => d.Key).Order().ToArray());
        var quiet = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Quiet = true, Objects = [new KeyVersion { Key = "c" }] }, Ct);
        Assert.True(quiet.DeletedObjects is null || quiet.DeletedObjects.Count == 0);
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);
        Assert.Equal(0, left.KeyCount);
    }

    [Fact]
    public async Task CopyObject_copies_or_replaces_metadata()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-copy");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "copy me", ContentType = "text/plain", Metadata = { ["a"] = "1" } }, Ct);
        var copy = await s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst one" }, Ct);
        var source = await s3.GetObjectMetadataAsync(bucket, "src", Ct);
        Assert.Equal(source.ETag, copy.ETag);
        var copied = await s3.GetObjectMetadataAsync(bucket, "dst one", Ct);
        Assert.Equal("1", copied.Metadata["a"]);
        Assert.Equal("text/plain", copied.Headers.ContentType);
        Assert.Equal("copy me", await s3.GetTextAsync(bucket, "dst one"));

        await s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "src",
            DestinationBucket = bucket,
            DestinationKey = "src",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "text/markdown",
            Metadata = { ["b"] = "2" },
        }, Ct);
        var replaced = await s3.GetObjectMetadataAsync(bucket, "src", Ct);
        Assert.Equal("text/markdown", replaced.Headers.ContentType);
        Assert.Equal("2", replaced.Metadata["b"]);
        Assert.DoesNotContain("x-amz-meta-a", replaced.Metadata.Keys);

        await S3TestKit.FailsWith("InvalidRequest", () => s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "src" }, Ct));
        await S3TestKit.FailsWith("NoSuchKey", () => s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "nope", DestinationBucket = bucket, DestinationKey = "x" }, Ct));
    }

    [Fact]
    public async Task Object_tagging_round_trips_and_x_amz_tagging_sets_tags_on_put()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-tags");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "t", ContentBody = "x", TagSet = [new Tag { Key = "team", Value = "core" }] }, Ct);
        var tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        Assert.Equal("core", Assert.Single(tags.Tagging).Value);

        await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "t",
            Tagging = new Tagging { TagSet = [new Tag { Key = "a", Value = "1" }, new Tag { Key = "b", Value = "2" }] },
        }, Ct);
        tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        Assert.Equal(["a", "b"], tags.Tagging.Select(t => t.Key).Order().ToArray());

        await s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        Assert.True(tags.Tagging is null || tags.Tagging.Count == 0);
        await S3TestKit.FailsWith("NoSuchKey", () => s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "none" }, Ct));
    }

    [Fact]
    public async Task Keys_with_slashes_spaces_and_unicode_survive()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("obj-keys");
        string[] keys = ["a//b", "with space+plus", "ünïcødé/ключ", "percent%2Fliteral"];
        foreach (var key in keys) await s3.PutTextAsync(bucket, key, key);
        foreach (var key in keys) Assert.Equal(key, await s3.GetTextAsync(bucket, key));
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);
        Assert.Equal(keys.Order(StringComparer.Ordinal).ToArray(), listed.S3Objects.Select(o => o.Key).ToArray());
    }
}
