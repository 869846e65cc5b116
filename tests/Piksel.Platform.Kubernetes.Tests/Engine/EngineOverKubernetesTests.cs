using k8s;
using k8s.Models;
using Piksel.Platform.Engine;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Engine;

/// <summary>The engine over the Kubernetes handlers: plan → apply → plan is all NoChange; drift shows; destroy empties.</summary>
[Collection(KubeCollection.Name)]
public sealed class EngineOverKubernetesTests(KubeFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PlatformSpec Spec(string environment, string prefix)
    {
        var labels = new Dictionary<string, string> { [ManagementTags.ManagedByLabel] = ManagementTags.ManagedByValue, [ManagementTags.EnvironmentLabel] = environment };
        var builder = new PlatformSpecBuilder(environment);
        foreach (var n in new[] { "odc", "terria" })
        {
            var ns = builder.Add(new KubernetesNamespace
            {
                Name = $"{prefix}-{n}",
                Cluster = KubeFixture.ClusterName,
                Labels = new Dictionary<string, string>(labels) { ["pod-security.kubernetes.io/enforce"] = "restricted" },
            });
            builder.Add(new KubernetesServiceAccount
            {
                Name = $"{n}-reader",
                Namespace = ns.Name,
                Cluster = KubeFixture.ClusterName,
                Labels = labels,
                Annotations = new Dictionary<string, string> { [KubernetesServiceAccount.RoleArnAnnotation] = $"arn:aws:iam::000000000000:role/{prefix}-{n}" },
                DependsOn = [ns.Id],
            });
        }

        return builder.Build();
    }

    [Fact]
    public async Task Plan_apply_plan_is_all_NoChange_then_drift_shows_and_destroy_removes_everything()
    {
        var environment = KubeFixture.Unique("env");
        var prefix = KubeFixture.Unique("eng");
        var spec = Spec(environment, prefix);
        var provider = new Provider(fixture.Context);
        var engine = new PlatformEngine();

        var first = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(4, first.Count(ChangeKind.Create));

        await engine.ApplyAsync(first, provider, cancellationToken: Ct);
        var second = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.All(second.Changes, c => Assert.Equal(ChangeKind.NoChange, c.Kind));
        Assert.False(second.HasChanges);

        // Behind the engine's back: a role annotation edited.
        var patch = new V1Patch("""{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":"arn:aws:iam::000000000000:role/x"}}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CoreV1.PatchNamespacedServiceAccountAsync(patch, "odc-reader", $"{prefix}-odc", cancellationToken: Ct);
        var drift = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        var changed = Assert.Single(drift.Changes, c => c.Kind != ChangeKind.NoChange);
        Assert.Equal(new ResourceId(nameof(KubernetesServiceAccount), $"{prefix}-odc/odc-reader"), changed.Id);
        Assert.Equal(ChangeKind.Update, changed.Kind);

        await engine.ApplyAsync(drift, provider, cancellationToken: Ct);
        Assert.False((await engine.PlanAsync(spec, provider, cancellationToken: Ct)).HasChanges);

        await engine.DestroyAsync(spec, provider, cancellationToken: Ct);
        Assert.Empty(await new NamespaceHandler(fixture.Context).ListManagedAsync(environment, Ct));
        Assert.Empty(await new ServiceAccountHandler(fixture.Context).ListManagedAsync(environment, Ct));
        var namespaces = await fixture.Client.CoreV1.ListNamespaceAsync(cancellationToken: Ct);
        Assert.DoesNotContain(namespaces.Items, n => n.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal));
    }

    private sealed class Provider(KubernetesHandlerContext context) : IPlatformProvider
    {
        public ProviderKind Kind => ProviderKind.Embedded;

        public ProviderCapabilities Capabilities => ProviderCapabilities.None;

        public IAwsAccess Aws => throw new NotSupportedException("No AWS in this test.");

        public IClusterStrategy Cluster => throw new NotSupportedException("The handlers reach the cluster through their context.");

        public IDatabaseStrategy Database => throw new NotSupportedException("No database in this test.");

        public ResourceHandlerRegistry Handlers { get; } = new ResourceHandlerRegistry().AddKubernetesHandlers(context);
    }
}
