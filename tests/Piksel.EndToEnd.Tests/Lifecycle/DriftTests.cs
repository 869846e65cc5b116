using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Engine;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.EndToEnd.Tests.Lifecycle;

/// <summary>
/// Drift: an IRSA role's inline policy widened behind the engine's back (PutRolePolicy as the admin) shows in the
/// next plan as an Update of that role and nothing else, and the apply of that plan puts the defined document back.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DriftTests(PlatformFixture fixture)
{
    private const string Broader = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact]
    public async Task A_widened_inline_policy_is_planned_as_an_update_and_apply_restores_it()
    {
        var role = fixture.Spec.Get<IamRole>(fixture.Names.Role("terria"));
        var (policyName, defined) = Assert.Single(fixture.Resolved(role).InlinePolicies);
        using var iam = await fixture.Provider.IamAsync(role.Account, Ct);
        Assert.Equal(defined.ToJson(), PolicyDocument.Parse(await iam.GetRolePolicyAsync(role.Name, policyName, Ct)).ToJson());

        await iam.PutRolePolicyAsync(role.Name, policyName, Broader, Ct);
        try
        {
            var drifted = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);

            var change = drifted[role.Id];
            Assert.True(change.Kind == ChangeKind.Update, $"{role.Id} planned as {change.Kind}:\n{drifted.Render(showUnchanged: false)}");
            Assert.Contains(change.Attributes, a => a.Path.StartsWith(nameof(IamRole.InlinePolicies), StringComparison.OrdinalIgnoreCase));
            var others = drifted.Changes.Where(c => c.Id != role.Id && c.Kind != ChangeKind.NoChange).Select(c => $"{c.Id}: {c.Kind}").ToList();
            Assert.True(others.Count == 0, "only the edited role may change, but:\n" + string.Join('\n', others));

            var applied = await fixture.Engine.ApplyAsync(drifted, fixture.Provider, cancellationToken: Ct);
            Assert.Equal(ChangeKind.Update, applied.Done[role.Id]);
        }
        finally
        {
            // Whatever failed above, leave the shared platform as the other tests expect it.
            if (PolicyDocument.Parse(await iam.GetRolePolicyAsync(role.Name, policyName, CancellationToken.None)).ToJson() != defined.ToJson())
            {
                await iam.PutRolePolicyAsync(role.Name, policyName, defined.ToJson(), CancellationToken.None);
            }
        }

        var after = await fixture.Engine.PlanAsync(fixture.Spec, fixture.Provider, cancellationToken: Ct);
        Assert.True(after.DetailedExitCode == 0, after.Render(showUnchanged: false));
        Assert.Equal(defined.ToJson(), PolicyDocument.Parse(await iam.GetRolePolicyAsync(role.Name, policyName, Ct)).ToJson());
    }
}
