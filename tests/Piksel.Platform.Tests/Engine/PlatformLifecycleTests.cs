using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

/// <summary>The whole local definition through the engine, on the in-memory provider.</summary>
public sealed class PlatformLifecycleTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_then_plan_is_all_NoChange_drift_is_repaired_secrets_survive_and_destroy_leaves_nothing()
    {
        var spec = PikselPlatform.Define(Fixtures.Load("local"));
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine(parallelism: 4);

        var first = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.All(first.Changes, c => Assert.Equal(ChangeKind.Create, c.Kind));
        var result = await engine.ApplyAsync(first, provider, cancellationToken: Ct);

        Assert.Equal(spec.Resources.Count, provider.Cloud.Resources.Count);
        Assert.Equal("https://oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", result.Outputs["cluster.oidcIssuer"]);
        Assert.Equal("arn:test:IamRole:piksel-local-argo", result.Outputs["roles.argo/argo-workflows-server"]);
        Assert.Equal("arn:test:SecretsManagerSecret:piksel/local/database-password", result.Outputs["secrets.database-password"]);
        Assert.Equal(spec.Outputs.Count, result.Outputs.Count);

        // The IRSA trust policies were resolved against the cluster's issuer when applied.
        var argo = (IamRole)provider.Cloud.Resources[new ResourceId("IamRole", "piksel-local-argo")].State;
        Assert.Contains("oidc.eks.ap-southeast-3.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub", argo.TrustPolicy.ToJson(), StringComparison.Ordinal);

        var second = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.False(second.HasChanges, second.Render(showUnchanged: false));

        // A policy edited behind the engine's back shows as drift, and the next apply restores it.
        var roleId = new ResourceId("IamRole", "piksel-local-terria");
        var stored = provider.Cloud.Resources[roleId];
        var tampered = (IamRole)stored.State with { ManagedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"] };
        provider.Cloud.Resources[roleId] = stored with { State = tampered };
        var values = provider.Cloud.GeneratedValues.ToDictionary();

        var drift = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal([roleId], drift.Changes.Where(c => c.Kind != ChangeKind.NoChange).Select(c => c.Id));
        Assert.Equal(ChangeKind.Update, drift[roleId].Kind);
        await engine.ApplyAsync(drift, provider, cancellationToken: Ct);
        Assert.Empty(((IamRole)provider.Cloud.Resources[roleId].State).ManagedPolicyArns);

        // Generated secrets were never regenerated.
        Assert.Equal(8, values.Count);
        Assert.Equal(values, provider.Cloud.GeneratedValues.ToDictionary());

        await engine.DestroyAsync(spec, provider, cancellationToken: Ct);
        Assert.Empty(provider.Cloud.Resources);
    }

    [Fact]
    public async Task Changed_generation_rules_never_regenerate_an_existing_secret()
    {
        var spec = PikselPlatform.Define(Fixtures.Load("local"));
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct);
        var id = new ResourceId(nameof(SecretsManagerSecret), "piksel/local/database-password");
        var before = provider.Cloud.GeneratedValues[id];

        var changed = spec with
        {
            Resources = spec.Resources
                .Select(r => r is SecretsManagerSecret { Generate: not null } s ? s with { Generate = s.Generate with { Length = 64 } } : r)
                .ToArray(),
        };
        var plan = await engine.PlanAsync(changed, provider, cancellationToken: Ct);

        Assert.False(plan.HasChanges);
        Assert.Equal(before, provider.Cloud.GeneratedValues[id]);
    }

    [Fact]
    public async Task A_real_environment_without_its_manual_secrets_plans_but_apply_refuses_to_start()
    {
        var spec = PikselPlatform.Define(Fixtures.Load("dev"));
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();

        var plan = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Contains("input argo-oauth is missing", plan.Render(), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<MissingInputsException>(() => engine.ApplyAsync(plan, provider, cancellationToken: Ct));
        Assert.Equal(["argo-oauth", "jupyterhub-oauth", "grafana-oauth", "slack-alerts"], error.Inputs);
        Assert.DoesNotContain(provider.Cloud.Calls, c => c.Operation != "read");
    }
}
