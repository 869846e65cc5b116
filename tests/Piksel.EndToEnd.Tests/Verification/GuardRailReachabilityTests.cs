using k8s;
using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;

namespace Piksel.EndToEnd.Tests.Verification;

/// <summary>
/// The reachability matrix on the applied platform, read from the cluster's live NetworkPolicies: as declared after
/// apply, and a policy changed behind the engine's back shows as the changed cell, named with why.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GuardRailReachabilityTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact]
    public async Task The_matrix_holds_after_apply_and_a_changed_policy_changes_its_cell()
    {
        var verifier = new PlatformVerifier(fixture.Provider, fixture.Settings);
        var matrix = await verifier.VerifyReachabilityAsync(Ct);
        Assert.All(matrix.Cells, c => Assert.True(c.AsIntended, c.Describe()));
        Assert.True(matrix.Cells.Single(c => c.From == "jupyterhub" && c.To.Namespace == "database").Verdict.Allowed);
        Assert.False(matrix.Cells.Single(c => c.From == "terria" && c.To.Namespace == "database").Verdict.Allowed);
        Assert.All(matrix.Cells.Where(c => c.To.Namespace == "kube-system"), c => Assert.True(c.Verdict.Allowed, c.Describe()));

        var kube = await fixture.KubernetesAsync(Ct);
        var patch = new V1Patch("""{"spec":{"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"jupyterhub"}}}],"ports":[{"port":5433}]}]}}""", V1Patch.PatchType.MergePatch);
        var restore = new V1Patch("""{"spec":{"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"jupyterhub"}}}],"ports":[{"port":5432,"protocol":"TCP"}]}]}}""", V1Patch.PatchType.MergePatch);
        await kube.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, "allow-ingress-from-jupyterhub", "database", cancellationToken: Ct);
        try
        {
            var (results, matrices) = await verifier.VerifyGuardRailsAsync(Ct);
            var failed = Assert.Single(results, r => r.Area == "NetworkPolicy" && r.Outcome == CheckOutcome.Failed);
            Assert.Equal("jupyterhub", failed.Subject);
            Assert.StartsWith("jupyterhub -> database:5432 denied, intended allowed", failed.Detail, StringComparison.Ordinal);
            Assert.Contains("ingress: isolated by database/", failed.Detail, StringComparison.Ordinal);
            Assert.Contains("deny !", matrices[0], StringComparison.Ordinal);
        }
        finally
        {
            await kube.NetworkingV1.PatchNamespacedNetworkPolicyAsync(restore, "allow-ingress-from-jupyterhub", "database", cancellationToken: Ct);
        }

        Assert.All((await verifier.VerifyReachabilityAsync(Ct)).Cells, c => Assert.True(c.AsIntended, c.Describe()));
    }
}
