using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.S3;

[Collection(EmulatorCollection.Name)]
public sealed class BucketConfigTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string ReadPolicy(string bucket) => $$"""
        {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
        """;

    [Fact]
    public async Task New_buckets_block_public_access_and_enforce_bucket_ownership_as_S3_does_since_2023()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-defaults");
        var block = await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, Ct);
        Assert.True(block.PublicAccessBlockConfiguration.BlockPublicPolicy);
        Assert.True(block.PublicAccessBlockConfiguration.RestrictPublicBuckets);
        var ownership = await s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }, Ct);
        Assert.Equal(ObjectOwnership.BucketOwnerEnforced, Assert.Single(ownership.OwnershipControls.Rules).ObjectOwnership);
        var encryption = await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, Ct);
        Assert.Equal(ServerSideEncryptionMethod.AES256, Assert.Single(encryption.ServerSideEncryptionConfiguration.ServerSideEncryptionRules).ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
    }

    [Fact]
    public async Task Public_policy_is_refused_while_BlockPublicPolicy_is_on()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-blockpolicy");
        var error = await S3TestKit.FailsWith("AccessDenied", () => s3.PutBucketPolicyAsync(bucket, ReadPolicy(bucket), Ct));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        using var raw = new S3RawClient(fixture);
        // The .NET SDK turns NoSuchBucketPolicy into an empty policy, so the wire answer is checked directly.
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchBucketPolicy"), await raw.GetErrorAsync($"/{bucket}?policy"));

        await s3.DeletePublicAccessBlockAsync(new DeletePublicAccessBlockRequest { BucketName = bucket }, Ct);
        var missing = await S3TestKit.FailsWith("NoSuchPublicAccessBlockConfiguration", () => s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await s3.PutBucketPolicyAsync(bucket, ReadPolicy(bucket), Ct);
        var policy = await s3.GetBucketPolicyAsync(bucket, Ct);
        Assert.Contains("PublicRead", policy.Policy, StringComparison.Ordinal);
        var status = await s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket }, Ct);
        Assert.True(status.PolicyStatus.IsPublic);

        await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicPolicy = true },
        }, Ct);
        var block = await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, Ct);
        Assert.True(block.PublicAccessBlockConfiguration.BlockPublicPolicy);
        Assert.False(block.PublicAccessBlockConfiguration.BlockPublicAcls);
        await s3.DeleteBucketPolicyAsync(bucket, Ct);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchBucketPolicy"), await raw.GetErrorAsync($"/{bucket}?policy"));
    }

    [Fact]
    public async Task Malformed_policies_are_MalformedPolicy()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-badpolicy");
        await S3TestKit.FailsWith("MalformedPolicy", () => s3.PutBucketPolicyAsync(bucket, "not json", Ct));
        var otherBucket = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::some-other-bucket/*"}]}""";
        await S3TestKit.FailsWith("MalformedPolicy", () => s3.PutBucketPolicyAsync(bucket, otherBucket, Ct));
        var noPrincipal = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        await S3TestKit.FailsWith("MalformedPolicy", () => s3.PutBucketPolicyAsync(bucket, noPrincipal, Ct));
    }

    [Fact]
    public async Task Ownership_controls_round_trip()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-owner");
        await s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = bucket,
            OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerPreferred }] },
        }, Ct);
        var got = await s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }, Ct);
        Assert.Equal(ObjectOwnership.BucketOwnerPreferred, got.OwnershipControls.Rules[0].ObjectOwnership);
        await s3.DeleteBucketOwnershipControlsAsync(new DeleteBucketOwnershipControlsRequest { BucketName = bucket }, Ct);
        await S3TestKit.FailsWith("OwnershipControlsNotFoundError", () => s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }, Ct));
    }

    [Fact]
    public async Task ACLs_are_refused_while_BucketOwnerEnforced()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-acl");
        await S3TestKit.FailsWith("AccessControlListNotSupported", () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "x",
            CannedACL = S3CannedACL.PublicRead,
        }, Ct));
    }

    [Fact]
    public async Task CORS_round_trips_and_answers_preflight_requests()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-cors");
        await S3TestKit.FailsWith("NoSuchCORSConfiguration", () => s3.GetCORSConfigurationAsync(bucket, Ct));
        await s3.PutCORSConfigurationAsync(bucket, new CORSConfiguration
        {
            Rules = [new CORSRule { Id = "web", AllowedOrigins = ["https://app.example.com"], AllowedMethods = ["GET", "PUT"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 600 }],
        }, Ct);
        var cors = await s3.GetCORSConfigurationAsync(bucket, Ct);
        var rule = Assert.Single(cors.Configuration.Rules);
        Assert.Equal(["GET", "PUT"], rule.AllowedMethods);
        Assert.Equal(600, rule.MaxAgeSeconds);

        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{fixture.ServiceUrl}/{bucket}/file.txt");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await http.SendAsync(preflight, Ct);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("600", allowed.Headers.GetValues("Access-Control-Max-Age").Single());

        using var foreign = new HttpRequestMessage(HttpMethod.Options, $"{fixture.ServiceUrl}/{bucket}/file.txt");
        foreign.Headers.Add("Origin", "https://evil.example.com");
        foreign.Headers.Add("Access-Control-Request-Method", "GET");
        using var refused = await http.SendAsync(foreign, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await S3TestKit.FailsWith("InvalidRequest", () => s3.PutCORSConfigurationAsync(bucket, new CORSConfiguration
        {
            Rules = [new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["PATCH"] }],
        }, Ct));
        await s3.DeleteCORSConfigurationAsync(bucket, Ct);
        await S3TestKit.FailsWith("NoSuchCORSConfiguration", () => s3.GetCORSConfigurationAsync(bucket, Ct));
    }

    [Fact]
    public async Task Lifecycle_rules_round_trip_and_obvious_errors_are_refused()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-lifecycle");
        using var raw = new S3RawClient(fixture);
        // The .NET SDK answers an empty configuration for NoSuchLifecycleConfiguration; the wire code is checked directly.
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchLifecycleConfiguration"), await raw.GetErrorAsync($"/{bucket}?lifecycle"));
        await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "logs", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "logs/" },
                        Expiration = new LifecycleRuleExpiration { Days = 90 },
                        Transitions = [new LifecycleTransition { Days = 30, StorageClass = S3StorageClass.StandardInfrequentAccess }],
                        NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 7 },
                        AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 3 },
                    },
                ],
            },
        }, Ct);
        var got = await s3.GetLifecycleConfigurationAsync(bucket, Ct);
        var rule = Assert.Single(got.Configuration.Rules);
        Assert.Equal("logs", rule.Id);
        Assert.Equal(90, rule.Expiration.Days);
        Assert.Equal(30, rule.Transitions[0].Days);
        Assert.Equal(S3StorageClass.StandardInfrequentAccess, rule.Transitions[0].StorageClass);
        Assert.Equal(3, rule.AbortIncompleteMultipartUpload.DaysAfterInitiation);
        Assert.Equal("logs/", rule.Filter.Prefix ?? (rule.Filter.LifecycleFilterPredicate as LifecyclePrefixPredicate)?.Prefix);

        await S3TestKit.FailsWith("InvalidArgument", () => s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules = [new LifecycleRule { Id = "bad", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "" }, Expiration = new LifecycleRuleExpiration { Days = 0 } }],
            },
        }, Ct));
        await S3TestKit.FailsWith("InvalidArgument", () => s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule { Id = "same", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "a" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
                    new LifecycleRule { Id = "same", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "b" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
                ],
            },
        }, Ct));
        await s3.DeleteLifecycleConfigurationAsync(bucket, Ct);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchLifecycleConfiguration"), await raw.GetErrorAsync($"/{bucket}?lifecycle"));
    }

    [Fact]
    public async Task Bucket_tagging_round_trips()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-tags");
        await S3TestKit.FailsWith("NoSuchTagSet", () => s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, Ct));
        await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = [new Tag { Key = "piksel:environment", Value = "local" }] }, Ct);
        var tags = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, Ct);
        Assert.Equal("local", Assert.Single(tags.TagSet).Value);
        await s3.DeleteBucketTaggingAsync(new DeleteBucketTaggingRequest { BucketName = bucket }, Ct);
        await S3TestKit.FailsWith("NoSuchTagSet", () => s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, Ct));
    }

    [Fact]
    public async Task Default_encryption_round_trips_and_applies_to_new_objects()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-sse");
        await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules =
                [
                    new ServerSideEncryptionRule
                    {
                        BucketKeyEnabled = true,
                        ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                        {
                            ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = "alias/piksel",
                        },
                    },
                ],
            },
        }, Ct);
        var got = await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, Ct);
        var rule = Assert.Single(got.ServerSideEncryptionConfiguration.ServerSideEncryptionRules);
        Assert.Equal("alias/piksel", rule.ServerSideEncryptionByDefault.ServerSideEncryptionKeyManagementServiceKeyId);
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" }, Ct);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, put.ServerSideEncryptionMethod);

        await s3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = bucket }, Ct);
        got = await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, Ct);
        Assert.Equal(ServerSideEncryptionMethod.AES256, got.ServerSideEncryptionConfiguration.ServerSideEncryptionRules[0].ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
    }

    [Fact]
    public async Task Request_payment_round_trips_and_Requester_pays_needs_the_header_from_other_accounts()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-payer");
        Assert.Equal(Payer.BucketOwner, (await s3.GetBucketRequestPaymentAsync(bucket, Ct)).Payer);
        await s3.PutBucketRequestPaymentAsync(bucket, new RequestPaymentConfiguration { Payer = "Requester" }, Ct);
        Assert.Equal(Payer.Requester, (await s3.GetBucketRequestPaymentAsync(bucket, Ct)).Payer);
        // The owner pays nothing and needs no header.
        await s3.PutTextAsync(bucket, "k", "x");
        Assert.Equal("x", await s3.GetTextAsync(bucket, "k"));
    }

    [Fact]
    public async Task Versioning_status_is_kept()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync("cfg-versioning");
        var before = await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Ct);
        Assert.NotEqual(VersionStatus.Enabled, before.VersioningConfig.Status);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } }, Ct);
        var after = await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Ct);
        Assert.Equal(VersionStatus.Enabled, after.VersioningConfig.Status);
    }
}
