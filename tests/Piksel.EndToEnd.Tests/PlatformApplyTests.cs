using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests;

/// <summary>
/// The one apply of the shared platform: every resource of the spec done, nothing left to change, and the outputs
/// (cluster endpoint, OIDC issuer, a role per IRSA service account) as the definition names them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformApplyTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact]
    public void The_whole_platform_applies_without_failures()
    {
        Assert.True(fixture.ApplyFailure is null, fixture.ApplyFailure?.ToString());
        Assert.NotNull(fixture.Applied);
        Assert.Equal(fixture.Spec.Resources.Count, fixture.Applied.Done.Count);
    }

    [PlatformFact]
    public async Task A_plan_after_apply_is_all_NoChange()
    {
        var plan = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
        Assert.True(plan.DetailedExitCode == 0, plan.Render(showUnchanged: false));
    }

    [PlatformFact(ProviderCapabilities.EksApi)]
    public void Outputs_name_the_cluster_and_a_role_per_irsa_service_account()
    {
        var applied = fixture.Applied;
        Assert.StartsWith("https://", applied.Outputs["cluster.endpoint"], StringComparison.Ordinal);
        Assert.Matches(@"^https://oidc\.eks\.ap-southeast-3\.amazonaws\.com/id/[0-9A-F]{32}$", applied.Outputs["cluster.oidcIssuer"]);
        var irsa = fixture.Spec.OfKind<KubernetesServiceAccount>().Where(sa => sa.RoleArn is not null).ToList();
        Assert.NotEmpty(irsa);
        foreach (var serviceAccount in irsa)
        {
            Assert.True(
                applied.Outputs.TryGetValue($"roles.{serviceAccount.Namespace}/{serviceAccount.Name}", out var arn),
                $"no role output for {serviceAccount.Namespace}/{serviceAccount.Name}");
            Assert.StartsWith($"arn:aws:iam::{fixture.Settings.Account}:role/piksel-{fixture.Settings.Name}-", arn, StringComparison.Ordinal);
        }

        Assert.Equal(
            $"arn:aws:iam::{fixture.Settings.Account}:role/{fixture.Names.Role("terria")}",
            applied.Outputs["roles.terria/terria-sa"]);
    }
}
