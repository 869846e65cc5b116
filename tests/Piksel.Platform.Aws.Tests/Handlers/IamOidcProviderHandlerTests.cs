using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class IamOidcProviderHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IamClient Iam() => new(new Http.AwsClientOptions
    {
        ServiceUrl = fixture.Emulator.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var handler = new IamOidcProviderHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var id = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var desired = new IamOidcProvider
        {
            Name = HandlerFixture.Unique("cluster"),
            Account = HandlerFixture.Account,
            Url = $"https://oidc.eks.us-east-1.amazonaws.com/id/{id}",
            ClientIds = ["sts.amazonaws.com"],
            Thumbprints = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/{id}", outputs["arn"]);
        Assert.Equal($"oidc.eks.us-east-1.amazonaws.com/id/{id}", outputs["issuerHost"]);

        var read = await handler.ReadAsync(desired, Ct);
        Assert.NotNull(read);
        Attributes.Equal(desired, read.State);
        Assert.Equal(outputs, read.Outputs);

        await Iam().AddClientIdToOpenIdConnectProviderAsync(outputs["arn"], "intruder", Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Contains("intruder", drifted!.State.ClientIds);
        Assert.False(Attributes.AreEqual(desired, drifted.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        var managed = Assert.Single(await handler.ListManagedAsync(environment, Ct));
        Assert.Equal(desired.Id, managed.State.Id);
        Attributes.Equal(desired, managed.State);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }

    [Fact]
    public async Task An_issuer_still_unknown_reads_as_absent()
    {
        var cluster = new Spec.Aws.EksCluster { Name = "later", Account = HandlerFixture.Account, Version = "1.33", RoleArn = "arn:aws:iam::000000000000:role/x" };
        var desired = new IamOidcProvider { Name = "later", Account = HandlerFixture.Account, Url = cluster.OidcIssuer.Token };
        Assert.Null(await new IamOidcProviderHandler(fixture.Context).ReadAsync(desired, Ct));
    }
}
