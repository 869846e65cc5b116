using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using ClusterSpec = Piksel.Platform.Spec.Aws.EksCluster;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class EksClusterHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<string> ClusterRoleAsync(HandlerFixture fixture, string environment)
    {
        var role = new IamRole
        {
            Name = HandlerFixture.Unique("eks-cluster"),
            Account = HandlerFixture.Account,
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Service("eks.amazonaws.com")).Actions("sts:AssumeRole", "sts:TagSession"))
                .Build(),
            ManagedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
            Tags = HandlerFixture.Tags(environment),
        };
        return (await new IamRoleHandler(fixture.Context).ApplyAsync(role, null, Ct))["arn"];
    }

    [Fact]
    public async Task Lifecycle_create_waits_until_active_read_drift_restore_delete()
    {
        var environment = HandlerFixture.Unique("env");
        var handler = new EksClusterHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100), ActiveWait = TimeSpan.FromSeconds(60) };
        var desired = new ClusterSpec
        {
            Name = HandlerFixture.Unique("cluster"),
            Account = HandlerFixture.Account,
            Version = "1.33",
            RoleArn = await ClusterRoleAsync(fixture, environment),
            SubnetIds = await fixture.Network.SubnetIdsAsync(),
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:eks:us-east-1:000000000000:cluster/{desired.Name}", outputs["arn"]);
        Assert.StartsWith("https://", outputs["endpoint"], StringComparison.Ordinal);
        Assert.StartsWith("https://oidc.eks.", outputs["oidcIssuer"], StringComparison.Ordinal);
        Assert.StartsWith("sg-", outputs[ClusterSpec.ClusterSecurityGroupIdOutput], StringComparison.Ordinal); // what the database's security group admits
        Assert.Contains("BEGIN CERTIFICATE", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(outputs["certificateAuthority"])), StringComparison.Ordinal);

        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        Assert.Equal(outputs, read.Outputs);
        Assert.Equal(outputs, await handler.ApplyAsync(desired, read, Ct));

        // Drift in tags is seen and restored.
        var eks = new EksClient(await fixture.Context.OptionsAsync(HandlerFixture.Account, null, Ct));
        await eks.TagResourceAsync(outputs["arn"], new Dictionary<string, string> { ["rogue"] = "yes" }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("yes", drifted!.State.Tags["rogue"]);
        Assert.False(Attributes.AreEqual(desired, drifted.State));
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // A version change is refused, not silently ignored.
        var upgrade = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.ApplyAsync(desired with { Version = "1.34" }, read, Ct));
        Assert.Contains("version", upgrade.Message, StringComparison.Ordinal);

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }
}
