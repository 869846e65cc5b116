using k8s;
using k8s.Models;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.Tests.Infrastructure;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Tests.Handlers;

[Collection(KubeCollection.Name)]
public sealed class NamespaceHandlerTests(KubeFixture fixture)
{
    private readonly NamespaceHandler handler = new(fixture.Context);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KubernetesNamespace Desired(string name, string environment) => new()
    {
        Name = name,
        Cluster = KubeFixture.ClusterName,
        Labels = new Dictionary<string, string>
        {
            [ManagementTags.ManagedByLabel] = ManagementTags.ManagedByValue,
            [ManagementTags.EnvironmentLabel] = environment,
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/enforce-version"] = "latest",
        },
    };

    [Fact]
    public async Task Read_of_a_missing_namespace_is_null()
    {
        Assert.Null(await handler.ReadAsync(Desired(KubeFixture.Unique("absent"), "t"), Ct));
    }

    [Fact]
    public async Task Read_on_a_cluster_that_does_not_exist_is_null()
    {
        var desired = Desired(KubeFixture.Unique("nocluster"), "t") with { Cluster = "no-such-cluster" };
        Assert.Null(await handler.ReadAsync(desired, Ct));
    }

    [Fact]
    public async Task Create_then_read_equals_desired_and_system_labels_are_not_drift()
    {
        var desired = Desired(KubeFixture.Unique("ns-create"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);

        var live = await fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct);
        Assert.Equal(desired.Name, live.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("restricted", live.Metadata.Labels["pod-security.kubernetes.io/enforce"]);

        var observed = await handler.ReadAsync(desired, Ct);
        Assert.NotNull(observed);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(observed.State));
    }

    [Fact]
    public async Task A_label_changed_behind_its_back_is_drift_and_apply_restores_it()
    {
        var desired = Desired(KubeFixture.Unique("ns-drift"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);

        // Someone else (another field manager) weakens the Pod Security level and adds a label of their own.
        var patch = new V1Patch("""{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"privileged","team":"someone"}}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CoreV1.PatchNamespaceAsync(patch, desired.Name, fieldManager: "kubectl-label", cancellationToken: Ct);

        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.NotNull(drifted);
        Assert.Equal("privileged", drifted.State.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.False(drifted.State.Labels.ContainsKey("team"));
        Assert.NotEqual(ResourceAttributes.Of(desired), ResourceAttributes.Of(drifted.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        var restored = await handler.ReadAsync(desired, Ct);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of(restored!.State));
        var live = await fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct);
        Assert.Equal("someone", live.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task A_label_dropped_from_the_spec_is_drift_and_apply_removes_it()
    {
        var desired = Desired(KubeFixture.Unique("ns-drop"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);

        var smaller = desired with { Labels = desired.Labels.Where(l => l.Key != "pod-security.kubernetes.io/enforce-version").ToDictionary() };
        var observed = await handler.ReadAsync(smaller, Ct);
        Assert.True(observed!.State.Labels.ContainsKey("pod-security.kubernetes.io/enforce-version"));

        await handler.ApplyAsync(smaller, observed, Ct);
        var live = await fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct);
        Assert.False(live.Metadata.Labels.ContainsKey("pod-security.kubernetes.io/enforce-version"));
        Assert.Equal(ResourceAttributes.Of(smaller), ResourceAttributes.Of((await handler.ReadAsync(smaller, Ct))!.State));
    }

    [Fact]
    public async Task Apply_is_idempotent()
    {
        var desired = Desired(KubeFixture.Unique("ns-twice"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);
        var first = await fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct);
        await handler.ApplyAsync(desired, null, Ct);
        var second = await fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct);
        Assert.Equal(first.Metadata.Uid, second.Metadata.Uid);
        Assert.Equal(ResourceAttributes.Of(desired), ResourceAttributes.Of((await handler.ReadAsync(desired, Ct))!.State));
    }

    [Fact]
    public async Task Delete_waits_until_the_namespace_is_gone()
    {
        var desired = Desired(KubeFixture.Unique("ns-delete"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "content" } }, desired.Name, cancellationToken: Ct);
        var observed = await handler.ReadAsync(desired, Ct);

        await handler.DeleteAsync(observed!, Ct);

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespaceAsync(desired.Name, cancellationToken: Ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.Response.StatusCode);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(observed!, Ct); // already gone: no error
    }

    [Fact]
    public async Task ListManaged_finds_the_environments_namespaces_only()
    {
        var environment = KubeFixture.Unique("env");
        var a = Desired(KubeFixture.Unique("ns-list"), environment);
        var b = Desired(KubeFixture.Unique("ns-list"), environment);
        var other = Desired(KubeFixture.Unique("ns-list"), KubeFixture.Unique("env"));
        foreach (var ns in new[] { a, b, other })
        {
            await handler.ApplyAsync(ns, null, Ct);
        }

        var managed = await handler.ListManagedAsync(environment, Ct);

        Assert.Equal(new[] { a.Name, b.Name }.Order(), managed.Select(m => m.State.Name).Order());
        var listedA = managed.Single(m => m.State.Name == a.Name).State;
        Assert.Equal(KubeFixture.ClusterName, listedA.Cluster);
        Assert.Equal(ResourceAttributes.Of(a), ResourceAttributes.Of(listedA));
    }

    [Fact]
    public async Task A_terminating_namespace_reads_absent_and_apply_asks_for_a_retry()
    {
        var desired = Desired(KubeFixture.Unique("ns-term"), KubeFixture.Unique("env"));
        await handler.ApplyAsync(desired, null, Ct);

        // A finalizer of someone else's holds the namespace in Terminating.
        var patch = new V1Patch("""{"metadata":{"finalizers":["example.com/hold"]}}""", V1Patch.PatchType.MergePatch);
        await fixture.Client.CoreV1.PatchNamespaceAsync(patch, desired.Name, cancellationToken: Ct);
        await fixture.Client.CoreV1.DeleteNamespaceAsync(desired.Name, cancellationToken: Ct);

        Assert.Null(await handler.ReadAsync(desired, Ct));
        await Assert.ThrowsAsync<Piksel.Platform.Providers.RetryableResourceException>(() => handler.ApplyAsync(desired, null, Ct));

        await fixture.Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), desired.Name, cancellationToken: Ct);
    }
}
