using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class MultipartTests(EmulatorFixture fixture)
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<UploadPartResponse> UploadAsync(AmazonS3Client s3, string bucket, string key, string uploadId, int number, byte[] data) =>
        await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            InputStream = new MemoryStream(data),
        }, Ct);

    [Fact]
    public async Task Two_5_MiB_parts_and_a_tail_make_one_object_with_a_multipart_ETag()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("mpu-ok");
        var init = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "big.bin", ContentType = "application/x-big" }, Ct);
        byte[][] parts = [RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(1234)];
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await UploadAsync(s3, bucket, "big.bin", init.UploadId, i + 1, parts[i]);
            Assert.Equal($"\"{Convert.ToHexStringLower(S3TestKit.Md5(parts[i]))}\"", part.ETag);
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        var listed = await s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big.bin", UploadId = init.UploadId }, Ct);
        Assert.Equal([1, 2, 3], listed.Parts.Select(p => p.PartNumber ?? 0).ToArray());
        Assert.Equal(1234, listed.Parts[2].Size);
        var uploads = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Ct);
        Assert.Equal(init.UploadId, Assert.Single(uploads.MultipartUploads).UploadId);

        var complete = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = init.UploadId,
            PartETags = etags,
        }, Ct);
        var expected = Convert.ToHexStringLower(S3TestKit.Md5(parts.SelectMany(p => S3TestKit.Md5(p)).ToArray())) + "-3";
        Assert.Equal($"\"{expected}\"", complete.ETag);

        using var get = await s3.GetObjectAsync(bucket, "big.bin", Ct);
        using var body = new MemoryStream();
        await get.ResponseStream.CopyToAsync(body, Ct);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), body.ToArray());
        Assert.Equal("application/x-big", get.Headers.ContentType);
        Assert.Equal(complete.ETag, get.ETag);

        var after = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Ct);
        Assert.True(after.MultipartUploads is null || after.MultipartUploads.Count == 0);
        await S3TestKit.FailsWith("NoSuchUpload", () => s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big.bin", UploadId = init.UploadId }, Ct));
    }

    [Fact]
    public async Task Small_parts_before_the_last_are_EntityTooSmall()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("mpu-small");
        var init = await s3.InitiateMultipartUploadAsync(bucket, "k", Ct);
        var one = await UploadAsync(s3, bucket, "k", init.UploadId, 1, new byte[100]);
        var two = await UploadAsync(s3, bucket, "k", init.UploadId, 2, new byte[100]);
        await S3TestKit.FailsWith("EntityTooSmall", () => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, one.ETag), new PartETag(2, two.ETag)],
        }, Ct));
        // A single small part is fine: it is the last one.
        var done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, one.ETag)],
        }, Ct);
        Assert.EndsWith("-1\"", done.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_ETag_is_InvalidPart_and_wrong_order_is_InvalidPartOrder()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("mpu-order");
        var init = await s3.InitiateMultipartUploadAsync(bucket, "k", Ct);
        var one = await UploadAsync(s3, bucket, "k", init.UploadId, 1, new byte[5 * MiB]);
        var two = await UploadAsync(s3, bucket, "k", init.UploadId, 2, new byte[10]);
        await S3TestKit.FailsWith("InvalidPart", () => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, "\"00000000000000000000000000000000\""), new PartETag(2, two.ETag)],
        }, Ct));
        // The SDK sorts PartETags itself; send the XML in the wrong order through the raw client.
        using var raw = new S3RawClient(fixture);
        var xml = $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{two.ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{one.ETag}</ETag></Part></CompleteMultipartUpload>";
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
        var (response, _) = await raw.SendAsync(HttpMethod.Post, $"/{bucket}/k?uploadId={Uri.EscapeDataString(init.UploadId)}", bytes,
            Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidPartOrder</Code>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_discards_the_upload_and_part_numbers_are_checked()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("mpu-abort");
        var init = await s3.InitiateMultipartUploadAsync(bucket, "k", Ct);
        await S3TestKit.FailsWith("InvalidArgument", () => UploadAsync(s3, bucket, "k", init.UploadId, 10001, new byte[1]));
        await UploadAsync(s3, bucket, "k", init.UploadId, 1, new byte[1]);
        var abort = await s3.AbortMultipartUploadAsync(bucket, "k", init.UploadId, Ct);
        Assert.Equal(HttpStatusCode.NoContent, abort.HttpStatusCode);
        var error = await S3TestKit.FailsWith("NoSuchUpload", () => UploadAsync(s3, bucket, "k", init.UploadId, 2, new byte[1]));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        await S3TestKit.FailsWith("NoSuchUpload", () => s3.AbortMultipartUploadAsync(bucket, "k", "no-such-upload", Ct));
    }
}
