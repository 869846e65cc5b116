using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;
using ClusterSpec = Piksel.Platform.Spec.Aws.EksCluster;
using EntrySpec = Piksel.Platform.Spec.Aws.EksAccessEntry;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class EksAccessEntryHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lifecycle_create_read_drift_restore_delete()
    {
        var environment = HandlerFixture.Unique("env");
        var cluster = new ClusterSpec
        {
            Name = HandlerFixture.Unique("cluster"),
            Account = HandlerFixture.Account,
            Version = "1.33",
            RoleArn = await EksClusterHandlerTests.ClusterRoleAsync(fixture, environment),
            SubnetIds = await fixture.Network.SubnetIdsAsync(),
            Tags = HandlerFixture.Tags(environment),
        };
        var clusters = new EksClusterHandler(fixture.Context) { PollInterval = TimeSpan.FromMilliseconds(100) };
        await clusters.ApplyAsync(cluster, null, Ct);
        var admin = await new IamRoleHandler(fixture.Context).ApplyAsync(new IamRole
        {
            Name = HandlerFixture.Unique("admin"),
            Account = HandlerFixture.Account,
            TrustPolicy = new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Aws("arn:aws:iam::000000000000:root")).Actions("sts:AssumeRole")).Build(),
            Tags = HandlerFixture.Tags(environment),
        }, null, Ct);

        var handler = new EksAccessEntryHandler(fixture.Context);
        var desired = new EntrySpec
        {
            Name = $"{cluster.Name}/admin",
            Account = HandlerFixture.Account,
            ClusterName = cluster.Name,
            PrincipalArn = admin["arn"],
            AccessPolicies = [new EksAccessPolicyAssociation(EksAccessPolicyArns.ClusterAdmin, "cluster", [])],
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.StartsWith($"arn:aws:eks:us-east-1:000000000000:access-entry/{cluster.Name}/role/", outputs["arn"], StringComparison.Ordinal);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        var eks = new EksClient(await fixture.Context.OptionsAsync(HandlerFixture.Account, null, Ct));
        await eks.DisassociateAccessPolicyAsync(cluster.Name, desired.PrincipalArn, EksAccessPolicyArns.ClusterAdmin, Ct);
        await eks.AssociateAccessPolicyAsync(cluster.Name, desired.PrincipalArn, EksAccessPolicyArns.View, EksAccessScope.InNamespaces("default"), Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal(EksAccessPolicyArns.View, Assert.Single(drifted!.State.AccessPolicies).PolicyArn);
        Assert.False(Attributes.AreEqual(desired, drifted.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        var managed = Assert.Single(await handler.ListManagedAsync(environment, Ct));
        Assert.Equal(desired.Id, managed.State.Id);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);

        await clusters.DeleteAsync((await clusters.ReadAsync(cluster, Ct))!, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct)); // no cluster reads as absent
    }
}
