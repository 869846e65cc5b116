using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;

namespace Piksel.EndToEnd.Tests.Verification;

/// <summary>
/// The RBAC matrix on the applied platform, asked of the cluster's authorizer with SubjectAccessReviews: each developer
/// group gets and lists pods in its namespace and nothing else. Needs an API server that authorizes with RBAC and
/// serves SubjectAccessReview (issue 13, item 1); real clusters do.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GuardRailRbacMatrixTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact]
    public async Task Every_developer_group_may_read_its_namespace_and_nothing_more()
    {
        var (results, matrices) = await new PlatformVerifier(fixture.Provider, fixture.Settings).VerifyGuardRailsAsync(Ct);

        var rbac = results.Where(r => r.Area == "RBAC").ToList();
        Assert.Equal(7, rbac.Count);
        Assert.All(rbac, r => Assert.True(r.Outcome == CheckOutcome.Passed, $"{r.Subject}: {r.Detail}"));
        Assert.Matches(@"piksel:odc-developers\s+get pods -n odc: yes\s+list pods -n odc: yes\s+get secrets -n odc: no\s+create deployments.apps -n odc: no\s+get pods -n odc-stac: no", matrices[1]);
    }
}
