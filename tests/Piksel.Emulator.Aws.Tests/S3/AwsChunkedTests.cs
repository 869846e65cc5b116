using System.Net;
using System.Text;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>aws-chunked bodies byte for byte: unsigned with trailers, signed chunk chains, and the errors.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsChunkedTests(EmulatorFixture fixture)
{
    private static readonly byte[] Digits = Encoding.ASCII.GetBytes("123456789");

    private static Dictionary<string, string> TrailerHeaders(string trailer, int decodedLength) => new()
    {
        ["content-encoding"] = "aws-chunked",
        ["x-amz-decoded-content-length"] = decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["x-amz-trailer"] = trailer,
        ["x-amz-sdk-checksum-algorithm"] = trailer["x-amz-checksum-".Length..].ToUpperInvariant(),
    };

    [Fact]
    public async Task Unsigned_payload_with_CRC32C_trailer_is_decoded_and_checked()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("chunk-crc32c");
        using var raw = new S3RawClient(fixture);
        // CRC-32C("123456789") = 0xE3069283.
        var crc = Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]);
        var body = S3RawClient.UnsignedChunks(Digits, 4, $"x-amz-checksum-crc32c:{crc}");
        var (response, _) = await raw.SendAsync(HttpMethod.Put, $"/{bucket}/digits", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            TrailerHeaders("x-amz-checksum-crc32c", Digits.Length));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(crc, response.Headers.GetValues("x-amz-checksum-crc32c").Single());
        Assert.Equal("123456789", await s3.GetTextAsync(bucket, "digits"));
        var head = await s3.GetObjectMetadataAsync(bucket, "digits", TestContext.Current.CancellationToken);
        Assert.Null(head.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Wrong_trailing_CRC32_is_BadDigest_and_nothing_is_stored()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("chunk-bad");
        using var raw = new S3RawClient(fixture);
        var body = S3RawClient.UnsignedChunks(Digits, 5, "x-amz-checksum-crc32:AAAAAA==");
        var (response, _) = await raw.SendAsync(HttpMethod.Put, $"/{bucket}/digits", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            TrailerHeaders("x-amz-checksum-crc32", Digits.Length));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await S3TestKit.FailsWith("NoSuchKey", () => s3.GetObjectAsync(bucket, "digits", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Signed_chunks_are_verified_along_the_chain()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("chunk-signed");
        using var raw = new S3RawClient(fixture);
        var data = Encoding.ASCII.GetBytes(new string('x', 20_000));
        var headers = new Dictionary<string, string>
        {
            ["content-encoding"] = "aws-chunked",
            ["x-amz-decoded-content-length"] = data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var (good, _) = await raw.SendAsync(HttpMethod.Put, $"/{bucket}/signed", [], "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", headers,
            (seed, amzDate, date) => raw.SignedChunks(data, 8192, seed, amzDate, date));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(new string('x', 20_000), await s3.GetTextAsync(bucket, "signed"));

        var (bad, _) = await raw.SendAsync(HttpMethod.Put, $"/{bucket}/forged", [], "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", headers,
            (seed, amzDate, date) => raw.SignedChunks(data, 8192, seed, amzDate, date, corrupt: true));
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decoded_length_that_does_not_match_is_IncompleteBody()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("chunk-short");
        using var raw = new S3RawClient(fixture);
        var body = S3RawClient.UnsignedChunks(Digits, 9, "x-amz-checksum-crc32:y/Q5Jg==");
        var (response, _) = await raw.SendAsync(HttpMethod.Put, $"/{bucket}/digits", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            TrailerHeaders("x-amz-checksum-crc32", 100));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>IncompleteBody</Code>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
