using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class IamRoleHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IamRole Role(string name, string environment) => new()
    {
        Name = name,
        Account = HandlerFixture.Account,
        Description = "handler test",
        TrustPolicy = new PolicyDocumentBuilder()
            .Allow(s => s.Principal(PolicyPrincipal.Service("eks.amazonaws.com")).Actions("sts:AssumeRole"))
            .Build(),
        InlinePolicies = new Dictionary<string, PolicyDocument>
        {
            ["read"] = new PolicyDocumentBuilder().Allow(s => s.Actions("s3:GetObject", "s3:ListBucket").Resources("arn:aws:s3:::b", "arn:aws:s3:::b/*")).Build(),
        },
        ManagedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
        Tags = HandlerFixture.Tags(environment),
    };

    private IamClient Iam() => new(new Http.AwsClientOptions
    {
        ServiceUrl = fixture.Emulator.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var handler = new IamRoleHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = Role(HandlerFixture.Unique("role"), environment);

        Assert.Null(await handler.ReadAsync(desired, Ct));

        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:role/{desired.Name}", outputs["arn"]);

        var read = await handler.ReadAsync(desired, Ct);
        Assert.NotNull(read);
        Attributes.Equal(desired, read.State);
        Assert.Equal(outputs["arn"], read.Outputs["arn"]);

        // Applying again changes nothing and is harmless.
        await handler.ApplyAsync(desired, read, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // Drift: a policy edited behind the engine's back, a boundary added, a tag removed.
        await Iam().PutRolePolicyAsync(desired.Name, "read", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", Ct);
        await Iam().PutRolePolicyAsync(desired.Name, "extra", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""", Ct);
        await Iam().DetachRolePolicyAsync(desired.Name, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.NotNull(drifted);
        Assert.False(Attributes.AreEqual(desired, drifted.State));
        Assert.Contains("s3:*", drifted.State.InlinePolicies["read"].ToJson(), StringComparison.Ordinal);
        Assert.True(drifted.State.InlinePolicies.ContainsKey("extra"));
        Assert.Empty(drifted.State.ManagedPolicyArns);

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        var managed = await handler.ListManagedAsync(environment, Ct);
        Assert.Equal(desired.Name, Assert.Single(managed).State.Name);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct); // already gone is fine
        Assert.Empty(await handler.ListManagedAsync(environment, Ct));
    }

    [Fact]
    public async Task Trust_policy_and_tag_changes_are_applied_in_place()
    {
        var handler = new IamRoleHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = Role(HandlerFixture.Unique("role"), environment);
        await handler.ApplyAsync(desired, null, Ct);

        var changed = desired with
        {
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Aws("arn:aws:iam::000000000000:root")).Actions("sts:AssumeRole"))
                .Build(),
            MaxSessionDuration = 7200,
            Description = "changed",
            InlinePolicies = new Dictionary<string, PolicyDocument>(),
            Tags = new Dictionary<string, string>(desired.Tags) { ["extra"] = "x" },
        };
        await handler.ApplyAsync(changed, await handler.ReadAsync(changed, Ct), Ct);
        var read = await handler.ReadAsync(changed, Ct);
        Attributes.Equal(changed, read!.State);

        await handler.DeleteAsync(read, Ct);
    }
}
