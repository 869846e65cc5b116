using Amazon.S3;
using Amazon.S3.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;
using S3Object = Piksel.Platform.Spec.Aws.S3Object;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class S3ObjectHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonS3Client S3() => new(
        new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = fixture.Emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0 });

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var environment = HandlerFixture.Unique("env");
        var bucket = new S3Bucket { Name = HandlerFixture.Unique("data"), Account = HandlerFixture.Account, Tags = HandlerFixture.Tags(environment) };
        await new S3BucketHandler(fixture.Context).ApplyAsync(bucket, null, Ct);

        var handler = new S3ObjectHandler(fixture.Context);
        var desired = new S3Object
        {
            Name = $"{bucket.Name}/samples/one.json",
            Account = HandlerFixture.Account,
            Bucket = bucket.Name,
            ObjectKey = "samples/one.json",
            Content = """{"sample":1}""",
            ContentType = "application/json",
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:s3:::{bucket.Name}/samples/one.json", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        await S3().PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = desired.ObjectKey, ContentBody = "tampered", ContentType = "text/plain" }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("tampered", drifted!.State.Content);
        Assert.False(Attributes.AreEqual(desired, drifted.State));
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }
}
