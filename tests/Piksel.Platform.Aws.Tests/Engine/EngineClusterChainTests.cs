using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Engine;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Engine;

[Collection(HandlerCollection.Name)]
public sealed class EngineClusterChainTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cluster_role_cluster_oidc_provider_and_access_entry_converge_through_references()
    {
        var environment = HandlerFixture.Unique("chain");
        var tags = HandlerFixture.Tags(environment);
        var builder = new PlatformSpecBuilder(environment);
        var role = builder.Add(new IamRole
        {
            Name = $"{environment}-cluster",
            Account = HandlerFixture.Account,
            TrustPolicy = new PolicyDocumentBuilder().Allow(s => s.Principal(PolicyPrincipal.Service("eks.amazonaws.com")).Actions("sts:AssumeRole", "sts:TagSession")).Build(),
            ManagedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
            Tags = tags,
        });
        var cluster = builder.Add(new Spec.Aws.EksCluster
        {
            Name = environment,
            Account = HandlerFixture.Account,
            Version = "1.33",
            RoleArn = role.Arn.Token,
            SubnetIds = await fixture.Network.SubnetIdsAsync(),
            Tags = tags,
        });
        builder.Add(new IamOidcProvider { Name = environment, Account = HandlerFixture.Account, Url = cluster.OidcIssuer.Token, Tags = tags });
        builder.Add(new Spec.Aws.EksAccessEntry
        {
            Name = $"{environment}/admin",
            Account = HandlerFixture.Account,
            ClusterName = environment,
            PrincipalArn = role.Arn.Token,
            AccessPolicies = [new EksAccessPolicyAssociation(EksAccessPolicyArns.ClusterAdmin, "cluster", [])],
            Tags = tags,
            DependsOn = [cluster.Id],
        });
        var spec = builder.Build();

        var provider = new TestProvider(fixture, new ResourceHandlerRegistry().AddAwsHandlers(fixture.Context));
        var engine = new PlatformEngine(new EngineOptions { RetryDelay = TimeSpan.FromMilliseconds(10), RetryJitter = false });

        var first = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(4, first.Count(ChangeKind.Create));
        var applied = await engine.ApplyAsync(first, provider, cancellationToken: Ct);
        var issuer = applied.ResourceOutputs[cluster.Id][Spec.Aws.EksCluster.OidcIssuerOutput];
        Assert.Equal(issuer["https://".Length..], applied.ResourceOutputs[new ResourceId(nameof(IamOidcProvider), environment)][IamOidcProvider.IssuerHostOutput]);

        var second = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.False(second.HasChanges, second.Render());

        await engine.DestroyAsync(spec, provider, cancellationToken: Ct);
        var afterDestroy = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(4, afterDestroy.Count(ChangeKind.Create));
    }
}
