using k8s;
using k8s.Models;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>The ExternalName Service that names the database in the cluster: created, read back, drift repaired, deleted.</summary>
[Collection(KubeCollection.Name)]
public sealed class ServiceHandlerTests(KubeFixture fixture)
{
    private readonly ServiceHandler handler = new(fixture.Context);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NamespaceAsync()
    {
        var name = KubeFixture.Unique("svc");
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        return name;
    }

    private static KubernetesService Desired(string ns, string environment) => new()
    {
        Name = "db-endpoint",
        Namespace = ns,
        Cluster = KubeFixture.ClusterName,
        ExternalName = "piksel-test-app-db.c0ffee123456.us-east-1.rds.amazonaws.com",
        Ports = [new KubernetesServicePort("postgres", 5432)],
        Labels = new Dictionary<string, string> { [ManagementTags.ManagedByLabel] = ManagementTags.ManagedByValue, [ManagementTags.EnvironmentLabel] = environment },
    };

    [Fact]
    public async Task An_ExternalName_service_points_at_the_database_and_a_changed_target_is_repaired()
    {
        var ns = await NamespaceAsync();
        var environment = KubeFixture.Unique("env");
        var desired = Desired(ns, environment);
        Assert.Null(await handler.ReadAsync(desired, Ct));

        await handler.ApplyAsync(desired, null, Ct);
        var live = await fixture.Client.CoreV1.ReadNamespacedServiceAsync("db-endpoint", ns, cancellationToken: Ct);
        Assert.Equal(("ExternalName", desired.ExternalName), (live.Spec.Type, live.Spec.ExternalName));
        Assert.Equal(5432, Assert.Single(live.Spec.Ports).Port);
        var observed = await handler.ReadAsync(desired, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(observed!.State));

        // Behind its back: pointed elsewhere.
        var patch = new V1Patch("""{"spec":{"externalName":"elsewhere.example.com"}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CoreV1.PatchNamespacedServiceAsync(patch, "db-endpoint", ns, cancellationToken: Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("elsewhere.example.com", drifted!.State.ExternalName);

        await handler.ApplyAsync(desired, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await handler.ReadAsync(desired, Ct))!.State));
        Assert.Contains(await handler.ListManagedAsync(environment, Ct), o => o.State.Key == desired.Key);

        await handler.DeleteAsync(drifted, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(drifted, Ct);
    }
}
