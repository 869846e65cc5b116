using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class KmsKeyHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonKeyManagementServiceClient Kms() => new(
        new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new AmazonKeyManagementServiceConfig { ServiceURL = fixture.Emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var handler = new KmsKeyHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = new KmsKey
        {
            Name = HandlerFixture.Unique("key"),
            Account = HandlerFixture.Account,
            Alias = $"alias/{HandlerFixture.Unique("piksel")}",
            Description = "handler test key",
            KeyPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Sid("EnableIamPolicies").Principal(PolicyPrincipal.Aws("arn:aws:iam::000000000000:root")).Actions("kms:*").Resources("*"))
                .Build(),
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{outputs["keyId"]}", outputs["arn"]);

        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        Assert.Equal(outputs, read.Outputs);

        await handler.ApplyAsync(desired, read, Ct);
        Assert.Equal(outputs, (await handler.ReadAsync(desired, Ct))!.Outputs); // no second key

        // Drift: rotation switched off and the description changed by hand.
        await Kms().DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = outputs["keyId"] }, Ct);
        await Kms().UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = outputs["keyId"], Description = "tampered" }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.False(drifted!.State.EnableKeyRotation);
        Assert.False(Attributes.AreEqual(desired, drifted.State));
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        var managed = Assert.Single(await handler.ListManagedAsync(environment, Ct));
        Assert.Equal(desired.Id, managed.State.Id);
        Assert.Equal(desired.Alias, managed.State.Alias);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
        Assert.Empty(await handler.ListManagedAsync(environment, Ct));
    }
}
