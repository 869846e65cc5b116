using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class S3BucketHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonS3Client S3() => new(
        new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = fixture.Emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0 });

    private static S3Bucket Bucket(string name, string environment) => new()
    {
        Name = name,
        Account = HandlerFixture.Account,
        Policy = new PolicyDocumentBuilder()
            .Deny(s => s.Sid("DenyOtherAccount").Principal(PolicyPrincipal.Aws("arn:aws:iam::111111111111:root")).Actions("s3:*")
                .Resources($"arn:aws:s3:::{name}", $"arn:aws:s3:::{name}/*"))
            .Build(),
        Cors = [new S3CorsRule(["GET", "HEAD"], ["https://app.example.com"], ["*"], 3000)],
        Lifecycle = [new S3LifecycleRule("expire-scratch", 30, 7)],
        Tags = HandlerFixture.Tags(environment),
    };

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var handler = new S3BucketHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = Bucket(HandlerFixture.Unique("bucket"), environment);

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:s3:::{desired.Name}", outputs["arn"]);

        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        await handler.ApplyAsync(desired, read, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // Drift: the policy replaced, public access unblocked, CORS removed.
        await S3().PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = desired.Name,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = false, IgnorePublicAcls = false, BlockPublicPolicy = false, RestrictPublicBuckets = false },
        }, Ct);
        await S3().PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = desired.Name,
            Policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{desired.Name}}/*"}]}""",
        }, Ct);
        await S3().DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = desired.Name }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal(S3BlockPublicAccess.None, drifted!.State.BlockPublicAccess);
        Assert.Contains("s3:GetObject", drifted.State.Policy!.ToJson(), StringComparison.Ordinal);
        Assert.Empty(drifted.State.Cors);
        Assert.False(Attributes.AreEqual(desired, drifted.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // A public-read bucket (the local public datasets): unblock first, then the policy.
        var open = desired with
        {
            BlockPublicAccess = S3BlockPublicAccess.None,
            Policy = new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Anyone).Actions("s3:GetObject").Resources($"arn:aws:s3:::{desired.Name}/*")).Build(),
            Cors = [],
            Lifecycle = [],
        };
        await handler.ApplyAsync(open, await handler.ReadAsync(open, Ct), Ct);
        Attributes.Equal(open, (await handler.ReadAsync(open, Ct))!.State);

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);

        await S3().PutObjectAsync(new PutObjectRequest { BucketName = desired.Name, Key = "leftover.txt", ContentBody = "x" }, Ct);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
        Assert.Empty(await handler.ListManagedAsync(environment, Ct));
    }

    [Fact]
    public async Task ListManaged_leaves_out_the_buckets_the_caller_knows()
    {
        var handler = new S3BucketHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var known = Bucket(HandlerFixture.Unique("known"), environment);
        var orphan = Bucket(HandlerFixture.Unique("orphan"), environment);
        await handler.ApplyAsync(known, null, Ct);
        await handler.ApplyAsync(orphan, null, Ct);

        var listed = await handler.ListManagedAsync(environment, id => id == known.Id, Ct);

        Assert.Equal(orphan.Id, Assert.Single(listed).State.Id);
        Assert.Equal(2, (await handler.ListManagedAsync(environment, Ct)).Count);
        foreach (var bucket in new[] { known, orphan })
        {
            await handler.DeleteAsync((await handler.ReadAsync(bucket, Ct))!, Ct);
        }
    }
}
