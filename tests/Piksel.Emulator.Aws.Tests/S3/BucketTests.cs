using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class BucketTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_head_list_and_delete()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("bkt-life");
        var head = await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, Ct);
        Assert.Equal("us-east-1", head.BucketRegion);
        var list = await s3.ListBucketsAsync(Ct);
        Assert.Contains(list.Buckets, b => b.BucketName == bucket);

        using var second = fixture.SecondS3();
        var theirs = await second.ListBucketsAsync(Ct);
        Assert.DoesNotContain(theirs.Buckets ?? [], b => b.BucketName == bucket);

        var location = await s3.GetBucketLocationAsync(bucket, Ct);
        Assert.True(string.IsNullOrEmpty(location.Location?.Value), "us-east-1 answers an empty LocationConstraint");

        await s3.DeleteBucketAsync(bucket, Ct);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await S3TestKit.FailsWith("NoSuchBucket", () => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct));
    }

    [Fact]
    public async Task LocationConstraint_puts_the_bucket_in_its_region()
    {
        using var s3 = fixture.S3("eu-west-1");
        var bucket = S3TestKit.BucketName("bkt-region");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = "eu-west-1" }, Ct);
        var location = await s3.GetBucketLocationAsync(bucket, Ct);
        Assert.Contains(location.Location.Value, new[] { "eu-west-1", "EU" });
        var head = await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, Ct);
        Assert.Equal("eu-west-1", head.BucketRegion);
        // Outside us-east-1 the owner creating it again is told so.
        await S3TestKit.FailsWith("BucketAlreadyOwnedByYou", () => s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = "eu-west-1" }, Ct));
        await S3TestKit.FailsWith("IllegalLocationConstraintException", () => s3.PutBucketAsync(new PutBucketRequest { BucketName = S3TestKit.BucketName("bkt-region"), BucketRegionName = "ap-south-1" }, Ct));
    }

    [Fact]
    public async Task Bucket_names_are_global_across_accounts()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("bkt-global");
        using var second = fixture.SecondS3();
        var error = await S3TestKit.FailsWith("BucketAlreadyExists", () => second.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Ct));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        // us-east-1 keeps its legacy answer for the owner: 200.
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Ct);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UpperCase")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    [InlineData("double..dot")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--prefixed")]
    [InlineData("ends-with-s3alias")]
    public async Task Invalid_names_are_InvalidBucketName(string name)
    {
        using var s3 = fixture.S3();
        var error = await S3TestKit.FailsWith("InvalidBucketName", () => s3.PutBucketAsync(new PutBucketRequest { BucketName = name }, Ct));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Delete_of_a_bucket_with_objects_is_BucketNotEmpty()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("bkt-notempty");
        await s3.PutTextAsync(bucket, "k", "v");
        var error = await S3TestKit.FailsWith("BucketNotEmpty", () => s3.DeleteBucketAsync(bucket, Ct));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        await s3.DeleteObjectAsync(bucket, "k", Ct);
        await s3.DeleteBucketAsync(bucket, Ct);
    }

    [Fact]
    public async Task Delete_of_a_missing_bucket_is_NoSuchBucket()
    {
        using var s3 = fixture.S3();
        var error = await S3TestKit.FailsWith("NoSuchBucket", () => s3.DeleteBucketAsync(S3TestKit.BucketName("bkt-none"), Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Virtual_hosted_style_addresses_the_bucket_by_host_name()
    {
        var config = fixture.Config<AmazonS3Config>();
        config.ForcePathStyle = false;
        config.ServiceURL = $"http://localhost:{fixture.Emulator.Endpoint.Port}";
        config.HttpClientFactory = new LoopbackHttpClientFactory();
        using var s3 = new AmazonS3Client(fixture.RootCredentials, config);
        var bucket = await s3.NewBucketAsync("bkt-vhost");
        await s3.PutTextAsync(bucket, "folder/key.txt", "virtual");
        Assert.Equal("virtual", await s3.GetTextAsync(bucket, "folder/key.txt"));
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);
        Assert.Equal("folder/key.txt", Assert.Single(listed.S3Objects).Key);

        // The same bucket seen path-style.
        using var pathStyle = fixture.S3();
        Assert.Equal("virtual", await pathStyle.GetTextAsync(bucket, "folder/key.txt"));
    }

    [Fact]
    public async Task Another_account_without_a_grant_is_denied()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("bkt-foreign");
        await s3.PutTextAsync(bucket, "secret", "x");
        using var second = fixture.SecondS3();
        var error = await S3TestKit.FailsWith("AccessDenied", () => second.GetObjectAsync(bucket, "secret", Ct));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }
}
