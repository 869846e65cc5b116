using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>Objects survive a restart: metadata in the journal, bodies in blob files; overwritten bodies are removed.</summary>
public sealed class DurabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Objects_and_configuration_are_found_again_after_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "piksel-s3-" + Guid.NewGuid().ToString("N"));
        try
        {
            var body = RandomNumberGenerator.GetBytes(64 * 1024);
            var options = new AwsEmulatorOptions { Port = 0, DataDirectory = dir };
            await using (var first = await AwsEmulator.StartAsync(options, cancellationToken: Ct))
            {
                using var s3 = Client(first);
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = "durable-bucket" }, Ct);
                await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = "durable-bucket", TagSet = [new Tag { Key = "k", Value = "v" }] }, Ct);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "kept.bin", InputStream = new MemoryStream(body) }, Ct);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "overwritten", ContentBody = "one" }, Ct);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "overwritten", ContentBody = "two" }, Ct);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "deleted", ContentBody = "gone" }, Ct);
                await s3.DeleteObjectAsync("durable-bucket", "deleted", Ct);
            }
            // One blob per live object: the overwritten and deleted bodies were removed.
            Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "blobs")).Length);

            await using var second = await AwsEmulator.StartAsync(options, cancellationToken: Ct);
            using var again = Client(second);
            using var get = await again.GetObjectAsync("durable-bucket", "kept.bin", Ct);
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy, Ct);
            Assert.Equal(body, copy.ToArray());
            Assert.Equal("two", await again.GetTextAsync("durable-bucket", "overwritten"));
            var tags = await again.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = "durable-bucket" }, Ct);
            Assert.Equal("v", Assert.Single(tags.TagSet).Value);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static AmazonS3Client Client(AwsEmulator emulator) =>
        new(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new AmazonS3Config { ServiceURL = emulator.Endpoint.ToString().TrimEnd('/'), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0 });
}
