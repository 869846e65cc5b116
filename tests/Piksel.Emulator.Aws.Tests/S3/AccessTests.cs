using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// Bucket policies as resource policies, anonymous access and Requester Pays. The grants (anonymous read through
/// <c>"Principal": "*"</c>, another account through a policy) need the IAM policy engine; the placeholder authorizer
/// denies every anonymous and cross-account request.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AccessTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> PublicBucketAsync(AmazonS3Client s3, string prefix, RestrictPublic restrict = RestrictPublic.No)
    {
        var bucket = await s3.NewBucketAsync(prefix);
        await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { RestrictPublicBuckets = restrict == RestrictPublic.Yes },
        }, Ct);
        await s3.PutBucketPolicyAsync(bucket, BucketConfigTests.ReadPolicy(bucket), Ct);
        await s3.PutTextAsync(bucket, "public.txt", "hello world");
        return bucket;
    }

    internal enum RestrictPublic { No, Yes }

    [Fact]
    public async Task Public_read_policy_lets_anonymous_callers_read_but_not_write()
    {
        using var s3 = fixture.S3();
        var bucket = await PublicBucketAsync(s3, "acc-public");
        using var anonymous = fixture.AnonymousS3();
        Assert.Equal("hello world", await anonymous.GetTextAsync(bucket, "public.txt"));

        var denied = await S3TestKit.FailsWith("AccessDenied", () => anonymous.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "x" }, Ct));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        // No s3:ListBucket for anonymous: a missing key is 403, not 404, so keys cannot be probed.
        await S3TestKit.FailsWith("AccessDenied", () => anonymous.GetObjectAsync(bucket, "absent.txt", Ct));
    }

    [Fact]
    public async Task Anonymous_read_without_a_grant_is_AccessDenied()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("acc-private");
        await s3.PutTextAsync(bucket, "private.txt", "secret");
        using var anonymous = fixture.AnonymousS3();
        await S3TestKit.FailsWith("AccessDenied", () => anonymous.GetObjectAsync(bucket, "private.txt", Ct));
        await S3TestKit.FailsWith("AccessDenied", () => anonymous.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct));
    }

    [Fact]
    public async Task RestrictPublicBuckets_keeps_anonymous_callers_out_despite_a_public_policy()
    {
        using var s3 = fixture.S3();
        var bucket = await PublicBucketAsync(s3, "acc-restrict", RestrictPublic.Yes);
        using var anonymous = fixture.AnonymousS3();
        await S3TestKit.FailsWith("AccessDenied", () => anonymous.GetObjectAsync(bucket, "public.txt", Ct));
        Assert.Equal("hello world", await s3.GetTextAsync(bucket, "public.txt"));
    }

    [Fact]
    public async Task Explicit_deny_in_the_bucket_policy_wins_over_the_owner_identity()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("acc-deny");
        await s3.PutTextAsync(bucket, "locked/file", "x");
        var deny = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/locked/*"}]}
            """;
        await s3.PutBucketPolicyAsync(bucket, deny, Ct);
        await S3TestKit.FailsWith("AccessDenied", () => s3.GetObjectAsync(bucket, "locked/file", Ct));
        // The root user may always remove the policy that locked it out.
        await s3.DeleteBucketPolicyAsync(bucket, Ct);
        Assert.Equal("x", await s3.GetTextAsync(bucket, "locked/file"));
    }

    [Fact]
    public async Task A_copy_needs_read_access_to_its_source_as_well_as_write_access_to_its_destination()
    {
        using var s3 = fixture.S3();
        var source = await s3.NewBucketAsync("acc-copy-src");
        await s3.PutTextAsync(source, "data", "copied");
        using var second = fixture.SecondS3();
        var destination = await second.NewBucketAsync("acc-copy-dst");
        var copy = new CopyObjectRequest { SourceBucket = source, SourceKey = "data", DestinationBucket = destination, DestinationKey = "copy" };
        var denied = await S3TestKit.FailsWith("AccessDenied", () => second.CopyObjectAsync(copy, Ct));
        Assert.Contains("s3:GetObject", denied.Message, StringComparison.Ordinal);

        var grant = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{source}}/*"}]}
            """;
        await s3.PutBucketPolicyAsync(source, grant, Ct);
        await second.CopyObjectAsync(copy, Ct);
        Assert.Equal("copied", await second.GetTextAsync(destination, "copy"));
    }

    [Fact]
    public async Task Requester_pays_needs_the_requester_header_from_another_account()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("acc-payer");
        await s3.PutTextAsync(bucket, "data", "paid");
        var grant = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """;
        await s3.PutBucketPolicyAsync(bucket, grant, Ct);
        await s3.PutBucketRequestPaymentAsync(bucket, new RequestPaymentConfiguration { Payer = "Requester" }, Ct);
        using var second = fixture.SecondS3();
        await S3TestKit.FailsWith("AccessDenied", () => second.GetObjectAsync(bucket, "data", Ct));
        using var paid = await second.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "data", RequestPayer = RequestPayer.Requester }, Ct);
        Assert.Equal(HttpStatusCode.OK, paid.HttpStatusCode);
    }
}
