using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>Clients and names the S3 tests share: each test makes its own bucket with a unique name.</summary>
internal static class S3TestKit
{
    public static AmazonS3Client S3(this EmulatorFixture fixture, string region = "us-east-1") =>
        new(fixture.RootCredentials, fixture.Config<AmazonS3Config>(region));

    public static AmazonS3Client SecondS3(this EmulatorFixture fixture) =>
        new(fixture.SecondRootCredentials, fixture.Config<AmazonS3Config>());

    public static AmazonS3Client AnonymousS3(this EmulatorFixture fixture) =>
        new(new AnonymousAWSCredentials(), fixture.Config<AmazonS3Config>());

    /// <summary>A bucket name no other test uses.</summary>
    public static string BucketName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();

    public static async Task<string> NewBucketAsync(this IAmazonS3 s3, string prefix)
    {
        var name = BucketName(prefix);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name }, TestContext.Current.CancellationToken);
        return name;
    }

    public static async Task PutTextAsync(this IAmazonS3 s3, string bucket, string key, string body) =>
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body }, TestContext.Current.CancellationToken);

    public static async Task<string> GetTextAsync(this IAmazonS3 s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>MD5, as S3's ETags and Content-MD5 use it.</summary>
#pragma warning disable CA5351
    public static byte[] Md5(ReadOnlySpan<byte> data) => System.Security.Cryptography.MD5.HashData(data);
#pragma warning restore CA5351

    public static async Task<AmazonS3Exception> FailsWith(string code, Func<Task> action)
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(action);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}
