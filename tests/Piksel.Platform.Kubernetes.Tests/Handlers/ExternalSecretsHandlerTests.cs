using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

/// <summary>
/// ClusterSecretStore and ExternalSecret against the embedded API server (which serves external-secrets.io/v1 from the
/// start; <see cref="KubeFixture"/> fails when it does not).
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class ExternalSecretsHandlerTests(KubeFixture fixture)
{
    private readonly ClusterSecretStoreHandler stores = new(fixture.Context);
    private readonly ExternalSecretHandler secrets = new(fixture.Context);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExternalSecret Secret(string ns, string environment) => EsoManifestsTests.Secret(ns, environment) with { Cluster = KubeFixture.ClusterName };

    [Fact]
    public async Task ExternalSecret_create_read_drift_restore_delete()
    {
        var ns = KubeFixture.Unique("es");
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
        var desired = Secret(ns, KubeFixture.Unique("env"));
        Assert.Null(await secrets.ReadAsync(desired, Ct));

        await secrets.ApplyAsync(desired, null, Ct);
        var observed = await secrets.ReadAsync(desired, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(observed!.State));

        // Behind its back: a longer refresh interval and another remote key.
        var patch = new V1Patch("""{"spec":{"refreshInterval":"1h","data":[{"secretKey":"token","remoteRef":{"key":"elsewhere"}}]}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, EsoManifests.Group, EsoManifests.Version, ns, EsoManifests.ExternalSecrets, desired.Name, fieldManager: "someone", cancellationToken: Ct);
        var drifted = await secrets.ReadAsync(desired, Ct);
        Assert.Equal(TimeSpan.FromHours(1), drifted!.State.RefreshInterval);
        Assert.NotEqual(ResourceAttributes.Of(desired), ResourceAttributes.Of(drifted.State));

        await secrets.ApplyAsync(desired, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await secrets.ReadAsync(desired, Ct))!.State));

        await secrets.DeleteAsync(drifted, Ct);
        Assert.Null(await secrets.ReadAsync(desired, Ct));
        await secrets.DeleteAsync(drifted, Ct);
    }

    [Fact]
    public async Task ExternalSecret_ListManaged_finds_the_environments_objects()
    {
        var ns = KubeFixture.Unique("es");
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
        var environment = KubeFixture.Unique("env");
        var desired = Secret(ns, environment);
        await secrets.ApplyAsync(desired, null, Ct);
        await secrets.ApplyAsync(Secret(ns, KubeFixture.Unique("env")) with { Name = "other" }, null, Ct);

        var managed = await secrets.ListManagedAsync(environment, Ct);

        var only = Assert.Single(managed);
        Assert.Equal(desired.Key, only.State.Key);
        Assert.Equal(desired.RefreshInterval, only.State.RefreshInterval);
        Assert.Equal(desired.Keys.Select(k => k.SecretKey).Order(), only.State.Keys.Select(k => k.SecretKey).Order());
    }

    [Fact]
    public async Task ClusterSecretStore_create_read_drift_restore_list_delete()
    {
        var environment = KubeFixture.Unique("env");
        var desired = EsoManifestsTests.Store(KubeFixture.Unique("store"), environment) with { Cluster = KubeFixture.ClusterName };
        Assert.Null(await stores.ReadAsync(desired, Ct));

        await stores.ApplyAsync(desired, null, Ct);
        var live = await fixture.Client.CustomObjects.GetClusterCustomObjectAsync<JsonObject>(
            EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, desired.Name, Ct);
        Assert.Equal("external-secrets", live["spec"]!["provider"]!["aws"]!["auth"]!["jwt"]!["serviceAccountRef"]!["namespace"]!.GetValue<string>());
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await stores.ReadAsync(desired, Ct))!.State));

        var patch = new V1Patch("""{"spec":{"provider":{"aws":{"region":"us-east-1"}}}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CustomObjects.PatchClusterCustomObjectAsync(
            patch, EsoManifests.Group, EsoManifests.Version, EsoManifests.ClusterSecretStores, desired.Name, fieldManager: "someone", cancellationToken: Ct);
        var drifted = await stores.ReadAsync(desired, Ct);
        Assert.Equal("us-east-1", drifted!.State.Region);

        await stores.ApplyAsync(desired, drifted, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await stores.ReadAsync(desired, Ct))!.State));

        var managed = await stores.ListManagedAsync(environment, Ct);
        Assert.Equal(desired.Name, Assert.Single(managed).State.Name);

        await stores.DeleteAsync(drifted, Ct);
        Assert.Null(await stores.ReadAsync(desired, Ct));
    }

    [Fact]
    public async Task Without_the_kinds_served_reads_and_lists_are_empty_not_errors()
    {
        // A cluster without External Secrets installed: the same server with the two kinds taken out of its catalog.
        await using var bare = await Piksel.Emulator.Kubernetes.KubeApiServer.StartAsync(cancellationToken: Ct);
        bare.State.Catalog.Unregister("external-secrets.io", "externalsecrets");
        bare.State.Catalog.Unregister("external-secrets.io", "clustersecretstores");
        using var source = new Piksel.Platform.Kubernetes.Clients.KubeconfigClientSource(KubeFixture.ClusterName, bare.Kubeconfig);
        var context = new KubernetesHandlerContext(source, _ => KubeFixture.ClusterName);
        var stores = new ClusterSecretStoreHandler(context);
        var secrets = new ExternalSecretHandler(context);

        Assert.Null(await stores.ReadAsync(EsoManifestsTests.Store() with { Cluster = KubeFixture.ClusterName }, Ct));
        Assert.Null(await secrets.ReadAsync(Secret("default", "e"), Ct));
        Assert.Empty(await stores.ListManagedAsync("e", Ct));
        Assert.Empty(await secrets.ListManagedAsync("e", Ct));
    }
}
